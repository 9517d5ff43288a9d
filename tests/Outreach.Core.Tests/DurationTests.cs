using Outreach.Core;

namespace Outreach.Core.Tests;

public class DurationTests
{
    [Theory]
    [InlineData("3d", 3 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("30m", 30)]
    [InlineData("2w", 14 * 24 * 60)]
    [InlineData("1d12h", 36 * 60)]
    [InlineData(" 7D ", 7 * 24 * 60)]
    public void Parses_the_units_marketers_write(string text, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), Duration.Parse(text));

    [Theory]
    [InlineData("3")]
    [InlineData("three days")]
    [InlineData("3 days")]
    [InlineData("")]
    [InlineData("-1d")]
    [InlineData("d")]
    public void Rejects_anything_that_is_not_a_duration(string text) =>
        Assert.False(Duration.TryParse(text, out _));

    [Theory]
    [InlineData("7d")]
    [InlineData("1d12h")]
    [InlineData("45s")]
    public void Formats_back_to_what_parses(string text) =>
        Assert.Equal(text, Duration.Format(Duration.Parse(text)));
}
