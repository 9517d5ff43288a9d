using Microsoft.Extensions.Options;
using Outreach.Core.Experiments;

namespace Outreach.Engine.Tests.Results;

/// <summary>The results' settings are bound from configuration, and a mistake in them is named.</summary>
public class ResultsRegistrationTests
{
    [Fact]
    public async Task Settings_are_read_from_their_sections()
    {
        await using var engine = new EngineHarness(new Dictionary<string, string?>
        {
            ["Experiments:MinSamplePerArm"] = "250", ["Engine:GlobalHoldout:Percent"] = "5", ["Engine:Results:StopRuleInterval"] = "00:01:00",
        });

        Assert.Equal(250, engine.Get<IOptions<ExperimentOptions>>().Value.MinSamplePerArm);
        Assert.Equal(5, engine.Get<IOptions<GlobalHoldoutOptions>>().Value.Percent);
        Assert.Equal(TimeSpan.FromMinutes(1), engine.Get<IOptions<Engine.Results.ResultsOptions>>().Value.StopRuleInterval);
    }

    [Theory]
    [InlineData("Experiments:Alpha", "1.5", "Experiments:Alpha must be between 0 and 1 (e.g. 0.05), not 1.5.")]
    [InlineData("Experiments:MinSamplePerArm", "0", "Experiments:MinSamplePerArm must be at least 1, not 0.")]
    [InlineData("Engine:GlobalHoldout:Percent", "80", "Engine:GlobalHoldout:Percent must be a number from 0 to 50, not 80.")]
    public async Task A_bad_setting_is_named_with_what_is_allowed(string key, string value, string message)
    {
        await using var engine = new EngineHarness(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => key.StartsWith("Experiments")
            ? (object)engine.Get<IOptions<ExperimentOptions>>().Value
            : engine.Get<IOptions<GlobalHoldoutOptions>>().Value);
        Assert.Contains(message, error.Failures);
    }
}
