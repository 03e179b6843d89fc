namespace Samtale.Web.Features.Links;

public static class LinksSetup
{
    public static WebApplicationBuilder AddLinks(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ReachPolicy>();
        builder.Services.AddScoped<LinkAdministration>();
        return builder;
    }
}
