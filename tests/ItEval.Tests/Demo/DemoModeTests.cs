using ItEval.Demo;
using Microsoft.Extensions.Configuration;

namespace ItEval.Tests.Demo;

/// <summary>The demo's switches never reach the host as settings, and the demo clock only moves forward.</summary>
public sealed class DemoModeTests
{
    [Theory]
    [InlineData(new string[0], DemoMode.None, new string[0])]
    [InlineData(new[] { "--demo" }, DemoMode.Load, new string[0])]
    [InlineData(new[] { "--demo-cycle", "--Hosting:Port", "7072" }, DemoMode.Cycle, new[] { "--Hosting:Port", "7072" })]
    [InlineData(new[] { "--demo-appraisal" }, DemoMode.Appraisal, new string[0])]
    public void The_switches_choose_the_mode_and_the_rest_goes_to_the_host(string[] args, DemoMode mode, string[] rest)
    {
        var parsed = DemoServiceCollectionExtensions.Parse(args);

        Assert.Equal(mode, parsed.Mode);
        Assert.Equal(rest, parsed.HostArgs);
    }

    [Theory]
    [InlineData(DemoMode.Cycle, DemoServiceCollectionExtensions.DemoCyclePrefix)]
    [InlineData(DemoMode.Appraisal, DemoServiceCollectionExtensions.DemoAppraisalPrefix)]
    [InlineData(DemoMode.Load, "iteval")]
    [InlineData(DemoMode.None, "iteval")]
    public void Only_the_demo_cycle_gets_its_own_storage_area_so_its_clock_never_fires_other_cycles_timers(DemoMode mode, string prefix)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Prefix"] = "iteval" });

        configuration.UseDemoStorage(mode);

        Assert.Equal(prefix, configuration.Build()["Storage:Prefix"]);
    }

    [Fact]
    public void The_demo_clock_jumps_forward_and_never_back()
    {
        var clock = new DemoClock();
        var start = clock.GetUtcNow();

        clock.MoveTo(start.AddDays(20));
        var later = clock.GetUtcNow();
        clock.MoveTo(start.AddDays(1));

        Assert.InRange(later - start, TimeSpan.FromDays(20), TimeSpan.FromDays(20).Add(TimeSpan.FromMinutes(1)));
        Assert.True(clock.GetUtcNow() >= later);
    }
}
