namespace Samtale.Tests.Infrastructure;

/// <summary>
/// One <see cref="TwoMunicipalities"/> for a test class whose tests only expect refusals. If a refusal
/// were wrongly let through, the rows it wrote would not change what the other tests assert.
/// </summary>
public sealed class SharedTwoMunicipalities : IAsyncLifetime
{
    private ProductApp? _app;

    public TwoMunicipalities World { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await ProductApp.StartAsync();
        World = await TwoMunicipalities.CreateAsync(_app);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
