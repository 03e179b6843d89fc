using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Visits;

/// <summary>
/// The signalling door for screen visits. It relays SDP and ICE candidates between the connections of a
/// call and nothing else; media never passes through it. The session is re-checked on every call (the
/// shared LiveSessionFilter), a ring is allowed only where <see cref="CallAccess"/> says so, and a
/// connection can signal only into a call it is a party of, and only to a participant of that same call,
/// so a forged or foreign call or participant id gets "not-found". A guest (guest link) can do three
/// things here: knock on their one visit, signal once let in, and hang up.
/// </summary>
[Authorize]
public sealed class CallHub(Switchboard board, CallAccess access, VisitPlanner planner, TurnCredentials turn, CurrentUser me, TimeProvider clock) : Hub<ICallClient>
{
    /// <summary>An SDP offer or answer with audio, video and a screen share is 5–10 KB; twice that is plenty.</summary>
    public const int MaxSdpLength = 16 * 1024;

    /// <summary>One ICE candidate line as JSON is under 300 bytes.</summary>
    public const int MaxIceLength = 1024;

    /// <summary>A frame holds at most one SDP plus its envelope; larger frames close the connection.</summary>
    public const long MaxFrameBytes = 32 * 1024;

    private const string BudgetKey = "signal-budget";

    public static string PersonGroup(Guid personId) => $"call:{personId:N}";

    public override async Task OnConnectedAsync()
    {
        Context.Items[BudgetKey] = new SignalBudget(clock);

        await Groups.AddToGroupAsync(Context.ConnectionId, PersonGroup(me.Id));
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await board.ConnectionLostAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Rings a linked person. Staff ring their citizens; citizens ring staff only where the team allows it.</summary>
    public async Task<CallTicket> Ring(Guid personId)
    {
        Spend();
        RefuseGuests();
        var (error, citizenId, staffId) = await access.MayRingAsync(personId, Context.ConnectionAborted);
        if (error is not null)
        {
            throw new HubException(error);
        }

        var callId = await board.RingAsync(me.RequireTenant(), citizenId, staffId, me.Id, Context.ConnectionId, me.DisplayName, Context.ConnectionAborted)
            ?? throw new HubException("busy");
        return Ticket(callId);
    }

    public async Task<CallTicket> Accept(Guid callId)
    {
        Spend();
        RefuseGuests();
        return await board.AcceptAsync(callId, me.Id, Context.ConnectionId, Context.ConnectionAborted)
            ? Ticket(callId)
            : throw new HubException("not-found");
    }

    public async Task Decline(Guid callId)
    {
        Spend();
        RefuseGuests();
        if (!await board.DeclineAsync(callId, me.Id))
        {
            throw new HubException("not-found");
        }
    }

    public async Task HangUp(Guid callId, bool failed = false)
    {
        Spend();
        if (!await board.HangUpAsync(callId, Context.ConnectionId, failed))
        {
            throw new HubException("not-found");
        }
    }

    /// <summary>The staff member opens a planned visit's room: they see who waits and can let them in.</summary>
    public async Task<List<Knock>> OpenRoom(Guid visitId)
    {
        Spend();
        var visit = await planner.FindAsync(visitId, Context.ConnectionAborted);
        return visit is not null && me.IsStaff
            ? board.OpenRoom(visitId, Context.ConnectionId)
            : throw new HubException("not-found");
    }

    /// <summary>The citizen or a guest enters a planned visit's waiting room, from 10 minutes before its start until its end.</summary>
    public async Task Knock(Guid visitId)
    {
        Spend();
        var visit = await planner.FindAsync(visitId, Context.ConnectionAborted);
        if (visit is null || me.IsStaff)
        {
            throw new HubException("not-found");
        }

        if (!planner.IsOpen(visit))
        {
            throw new HubException("not-open");
        }

        await board.KnockAsync(visitId, visit.StaffAccountId, Context.ConnectionId, me.DisplayName, me.IsGuest ? ParticipantKind.Guest : ParticipantKind.Citizen, me.Id);
    }

    /// <summary>The staff member lets one waiting person in (the citizen or a guest); those already in the call offer to them. A fifth is refused ("full").</summary>
    public async Task<CallTicket> Admit(Guid visitId, Guid knockId)
    {
        Spend();
        var visit = await planner.FindAsync(visitId, Context.ConnectionAborted);
        if (visit is null || !me.IsStaff)
        {
            throw new HubException("not-found");
        }

        var (error, ticket) = await board.AdmitAsync(visit, knockId, Context.ConnectionId, me.DisplayName, Context.ConnectionAborted);
        return ticket ?? throw new HubException(error);
    }

    public Task Offer(Guid callId, string sdp) => Clients.Client(Peer(callId, sdp, MaxSdpLength, "sdp-too-large")).Offer(callId, sdp);

    public Task Answer(Guid callId, string sdp) => Clients.Client(Peer(callId, sdp, MaxSdpLength, "sdp-too-large")).Answer(callId, sdp);

    public Task Ice(Guid callId, string candidate) => Clients.Client(Peer(callId, candidate, MaxIceLength, "ice-too-large")).Ice(callId, candidate);

    /// <summary>Group call: an offer to one participant of the same call (the one named by <paramref name="to"/>).</summary>
    public Task OfferTo(Guid callId, Guid to, string sdp)
    {
        var (connection, from) = Route(callId, to, sdp, MaxSdpLength, "sdp-too-large");
        return Clients.Client(connection).OfferFrom(callId, from, sdp);
    }

    public Task AnswerTo(Guid callId, Guid to, string sdp)
    {
        var (connection, from) = Route(callId, to, sdp, MaxSdpLength, "sdp-too-large");
        return Clients.Client(connection).AnswerFrom(callId, from, sdp);
    }

    public Task IceTo(Guid callId, Guid to, string candidate)
    {
        var (connection, from) = Route(callId, to, candidate, MaxIceLength, "ice-too-large");
        return Clients.Client(connection).IceFrom(callId, from, candidate);
    }

    /// <summary>Short-lived relay credentials for the pre-call check, which tests the TURN path before any call.</summary>
    public CallTicket CheckRelay()
    {
        Spend();
        RefuseGuests();
        return new CallTicket(Guid.Empty, turn.Mint(TimeSpan.FromMinutes(5)), "relay");
    }

    private string Peer(Guid callId, string? payload, int limit, string tooLarge)
    {
        Spend();
        if (payload is null || payload.Length > limit)
        {
            throw new HubException(tooLarge);
        }

        return board.PeerOf(callId, Context.ConnectionId) ?? throw new HubException("not-found");
    }

    private (string Connection, Guid From) Route(Guid callId, Guid to, string? payload, int limit, string tooLarge)
    {
        Spend();
        if (payload is null || payload.Length > limit)
        {
            throw new HubException(tooLarge);
        }

        return board.Route(callId, Context.ConnectionId, to) ?? throw new HubException("not-found");
    }

    /// <summary>Ringing, answering, hosting and the relay check are for people with an account; a guest gets "not-found" as an outsider would.</summary>
    private void RefuseGuests()
    {
        if (me.IsGuest)
        {
            throw new HubException("not-found");
        }
    }

    private CallTicket Ticket(Guid callId) =>
        new(callId, turn.Mint(), turn.Options.RelayOnly ? "relay" : "all");

    private void Spend()
    {
        if (Context.Items[BudgetKey] is SignalBudget budget && !budget.TryTake())
        {
            throw new HubException("rate-limited");
        }
    }
}
