using Outreach.Core;

namespace Outreach.Channels.Tests.Support;

public static class Messages
{
    public static OutboundMessage For(string touchId, Channel channel = Channel.Sms, string body = "您好，会员到期提醒") =>
        new(touchId, "renewal-reminder", "C" + touchId, channel, "+8613800138000", body);
}
