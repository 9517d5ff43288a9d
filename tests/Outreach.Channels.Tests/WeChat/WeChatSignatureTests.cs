using Outreach.Channels.WeChat;

namespace Outreach.Channels.Tests.WeChat;

public sealed class WeChatSignatureTests
{
    // sha1("1732500000" + "nonce123" + "outreach-callback-token"), the three sorted (computed independently with Python's hashlib).
    private const string Expected = "e6e4436724394a1f64ebdf7b2c551a8e49aab6e0";

    [Fact]
    public void The_signature_is_the_sha1_of_token_timestamp_and_nonce_sorted_and_joined()
    {
        Assert.Equal(Expected, WeChatSignature.Compute("outreach-callback-token", "1732500000", "nonce123"));
    }

    [Fact]
    public void A_callback_is_accepted_only_with_its_signature()
    {
        Assert.True(WeChatSignature.IsValid("outreach-callback-token", "1732500000", "nonce123", Expected));
        Assert.True(WeChatSignature.IsValid("outreach-callback-token", "1732500000", "nonce123", Expected.ToUpperInvariant()));
        Assert.False(WeChatSignature.IsValid("outreach-callback-token", "1732500001", "nonce123", Expected));
        Assert.False(WeChatSignature.IsValid("another-token", "1732500000", "nonce123", Expected));
        Assert.False(WeChatSignature.IsValid("outreach-callback-token", "1732500000", "nonce123", null));
    }
}
