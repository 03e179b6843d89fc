namespace Samtale.Web.Features.Visits;

/// <summary>What the server pushes to a browser on /hubs/calls.</summary>
public interface ICallClient
{
    /// <summary>Someone rings this person; every one of their open devices hears it.</summary>
    Task Ringing(IncomingCall incoming);

    /// <summary>The ringing stopped: answered on another device, declined, given up or timed out.</summary>
    Task RingStopped(Guid callId);

    /// <summary>To the caller: the other side answered; make the offer.</summary>
    Task Accepted(Guid callId);

    Task Offer(Guid callId, string sdp);

    Task Answer(Guid callId, string sdp);

    Task Ice(Guid callId, string candidate);

    Task Ended(Guid callId, string reason);

    /// <summary>To the staff member's room: someone waits to be let in.</summary>
    Task Knocked(Guid visitId, Knock knock);

    /// <summary>To the staff member's room: the one waiting left (closed the page, lost the connection).</summary>
    Task KnockGone(Guid visitId, Guid knockId);

    /// <summary>To the one waiting: they were let in; the call is answered and the staff member makes the offer.</summary>
    Task Admitted(Guid visitId, CallTicket ticket);
}

/// <summary>Someone in a visit's waiting room, as the staff member sees them.</summary>
public sealed record Knock(Guid KnockId, string Name);

/// <summary>What a ringing device shows: who is calling. Sent only to the person being called.</summary>
public sealed record IncomingCall(Guid CallId, string CallerName);

/// <summary>What a party gets when it joins a call: the call's id and how to reach the relay.</summary>
public sealed record CallTicket(Guid CallId, IReadOnlyList<IceServer> IceServers, string IceTransportPolicy);
