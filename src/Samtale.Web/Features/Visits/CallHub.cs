using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Visits;

/// <summary>
/// The signalling door for screen visits. It relays SDP and ICE candidates between the two connections of
/// a call and nothing else; media never passes through it. The session is re-checked on every call (the
/// shared LiveSessionFilter), a ring is allowed only where <see cref="CallAccess"/> says so, and a
/// connection can signal only into a call it is a party of, so a forged or foreign call id gets "not-found".
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
        return await board.AcceptAsync(callId, me.Id, Context.ConnectionId, Context.ConnectionAborted)
            ? Ticket(callId)
            : throw new HubException("not-found");
    }

    public async Task Decline(Guid callId)
    {
        Spend();
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

    /// <summary>The citizen enters a planned visit's waiting room, from 10 minutes before its start until its end.</summary>
    public async Task Knock(Guid visitId)
    {
        Spend();
        var visit = await planner.FindAsync(visitId, Context.ConnectionAborted);
        if (visit is null || !me.IsCitizen)
        {
            throw new HubException("not-found");
        }

        if (!planner.IsOpen(visit))
        {
            throw new HubException("not-open");
        }

        await board.KnockAsync(visitId, visit.StaffAccountId, Context.ConnectionId, me.DisplayName);
    }

    /// <summary>The staff member lets one waiting person in; the call starts answered, and they make the offer.</summary>
    public async Task<CallTicket> Admit(Guid visitId, Guid knockId)
    {
        Spend();
        var visit = await planner.FindAsync(visitId, Context.ConnectionAborted);
        if (visit is null || !me.IsStaff)
        {
            throw new HubException("not-found");
        }

        return await board.AdmitAsync(visit, knockId, Context.ConnectionId, Context.ConnectionAborted) is { } callId
            ? Ticket(callId)
            : throw new HubException("not-found");
    }

    public Task Offer(Guid callId, string sdp) => Clients.Client(Peer(callId, sdp, MaxSdpLength, "sdp-too-large")).Offer(callId, sdp);

    public Task Answer(Guid callId, string sdp) => Clients.Client(Peer(callId, sdp, MaxSdpLength, "sdp-too-large")).Answer(callId, sdp);

    public Task Ice(Guid callId, string candidate) => Clients.Client(Peer(callId, candidate, MaxIceLength, "ice-too-large")).Ice(callId, candidate);

    /// <summary>Short-lived relay credentials for the pre-call check, which tests the TURN path before any call.</summary>
    public CallTicket CheckRelay()
    {
        Spend();
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
