using Outreach.Channels.Twilio;

namespace Outreach.Channels.Tests.Twilio;

public sealed class TwilioSignatureTests
{
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string Token = "12345";
    private const string Expected = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

    private static List<KeyValuePair<string, string>> Parameters() =>
    [
        new("To", "+18005551212"),
        new("CallSid", "CA1234567890ABCDE"),
        new("From", "+12349013030"),
        new("Caller", "+12349013030"),
        new("Digits", "1234"),
    ];

    [Fact]
    public void The_documented_test_vector_signs_as_documented() =>
        Assert.Equal(Expected, TwilioSignature.Compute(Token, Url, Parameters()));

    [Fact]
    public void The_test_vector_is_valid_whatever_the_order_the_parameters_arrive_in()
    {
        Assert.True(TwilioSignature.IsValid(Token, Url, Parameters(), Expected));
        Assert.True(TwilioSignature.IsValid(Token, Url, Enumerable.Reverse(Parameters()), Expected));
    }

    [Fact]
    public void A_tampered_parameter_an_added_parameter_or_another_url_is_rejected()
    {
        var tampered = Parameters();
        tampered[4] = new("Digits", "1235");
        Assert.False(TwilioSignature.IsValid(Token, Url, tampered, Expected));
        Assert.False(TwilioSignature.IsValid(Token, Url, [.. Parameters(), new("MessageStatus", "delivered")], Expected));
        Assert.False(TwilioSignature.IsValid(Token, Url.Replace("foo=1", "foo=2"), Parameters(), Expected));
        Assert.False(TwilioSignature.IsValid("54321", Url, Parameters(), Expected));
        Assert.False(TwilioSignature.IsValid(Token, Url, Parameters(), null));
        Assert.False(TwilioSignature.IsValid(Token, Url, Parameters(), "not-base64"));
    }

    [Fact]
    public void The_url_is_also_accepted_with_its_default_port_written_or_left_out()
    {
        var withPort = TwilioSignature.Compute(Token, "https://mycompany.com:443/myapp.php?foo=1&bar=2", Parameters());
        Assert.True(TwilioSignature.IsValid(Token, Url, Parameters(), withPort));
        Assert.True(TwilioSignature.IsValid(Token, "https://mycompany.com:443/myapp.php?foo=1&bar=2", Parameters(), Expected));
        var otherPort = TwilioSignature.Compute(Token, "https://mycompany.com:8443/myapp.php?foo=1&bar=2", Parameters());
        Assert.False(TwilioSignature.IsValid(Token, Url, Parameters(), otherPort));
    }
}
