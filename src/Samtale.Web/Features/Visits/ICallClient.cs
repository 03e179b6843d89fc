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

    /// <summary>To the one waiting: they were let in; those already in the call make the offers (see <see cref="Joined"/>).</summary>
    Task Admitted(Guid visitId, CallTicket ticket);

    /// <summary>To everyone already in a group call: someone was let in; offer to them (the newcomer never offers, so there is no glare).</summary>
    Task Joined(Guid callId, Participant participant);

    /// <summary>To everyone still in a group call: this participant left; the call goes on without them.</summary>
    Task Left(Guid callId, Guid participantId);

    /// <summary>Group call signalling: an SDP offer from one participant to this one.</summary>
    Task OfferFrom(Guid callId, Guid from, string sdp);

    Task AnswerFrom(Guid callId, Guid from, string sdp);

    Task IceFrom(Guid callId, Guid from, string candidate);
}

/// <summary>Someone in a group call, as the others see them: a participant id (not a person id) and a name or, for a guest, the link's label.</summary>
public sealed record Participant(Guid Id, string Name, bool Guest);

/// <summary>Someone in a visit's waiting room, as the staff member sees them.</summary>
public sealed record Knock(Guid KnockId, string Name, bool Guest = false);

/// <summary>What a ringing device shows: who is calling. Sent only to the person being called.</summary>
public sealed record IncomingCall(Guid CallId, string CallerName);

/// <summary>
/// What a party gets when it joins a call: the call's id and how to reach the relay. In a group call (a
/// planned visit) also its own participant id and who is already there; a 1:1 ring call has neither.
/// </summary>
public sealed record CallTicket(Guid CallId, IReadOnlyList<IceServer> IceServers, string IceTransportPolicy, Guid? ParticipantId = null, IReadOnlyList<Participant>? Present = null);
