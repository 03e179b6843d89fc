using Microsoft.AspNetCore.Authorization;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Visits;

/// <summary>The pre-call check: camera, microphone, speaker, and the paths to the server and the TURN relay.</summary>
[Authorize]
public sealed class CheckModel : SamtalePage;
