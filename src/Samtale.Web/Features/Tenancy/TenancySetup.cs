namespace Samtale.Web.Features.Tenancy;

public static class TenancySetup
{
    public static WebApplicationBuilder AddTenancy(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Organisation>();
        return builder;
    }
}
