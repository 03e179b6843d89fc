using Microsoft.AspNetCore.Mvc;

namespace Samtale.Web.Features.Visits;

/// <summary>The citizen's upcoming planned visits, for their home page, with "enter" from 10 minutes before.</summary>
public sealed class UpcomingVisitsViewComponent(VisitPlanner planner) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var upcoming = await planner.UpcomingAsync(HttpContext.RequestAborted);
        return upcoming.Count == 0 ? Content("") : View("/Features/Visits/_CitizenVisits.cshtml", upcoming);
    }
}
