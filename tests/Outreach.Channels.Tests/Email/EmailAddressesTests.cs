using Outreach.Channels.Email;

namespace Outreach.Channels.Tests.Email;

public sealed class EmailAddressesTests
{
    [Theory]
    [InlineData("zhang.wei@example.com", "z***@example.com")]
    [InlineData("a@b.cn", "a***@b.cn")]
    [InlineData("broken", "***")]
    [InlineData(null, "***")]
    public void Logs_see_only_the_first_letter_and_the_domain(string? address, string masked) =>
        Assert.Equal(masked, EmailAddresses.Mask(address));

    [Theory]
    [InlineData("zhang.wei@example.com")]
    [InlineData("zhang+vip@mail.example.com.cn")]
    public void Plain_addresses_are_accepted(string address)
    {
        Assert.True(EmailAddresses.TryParse(address, out var mailbox));
        Assert.Equal(address, mailbox.Address);
    }

    [Fact]
    public void Addresses_quoted_in_a_server_reply_are_masked() =>
        Assert.Equal("5.1.1 <z***@example.com>: Recipient address rejected; from n***@shop.example.com",
            EmailAddresses.MaskWithin("5.1.1 <zhang.wei@example.com>: Recipient address rejected; from news@shop.example.com"));
}
