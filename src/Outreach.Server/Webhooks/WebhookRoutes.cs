namespace Outreach.Server.Webhooks;

/// <summary>The paths providers and mail clients call; the channels' settings must point at them.</summary>
public static class WebhookRoutes
{
    public const string TwilioStatus = "/webhooks/twilio/status";
    public const string TwilioInbound = "/webhooks/twilio/inbound";
    public const string WeChat = "/webhooks/wechat";
    public const string Unsubscribe = "/unsubscribe";
}
