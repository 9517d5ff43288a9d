namespace Outreach.Engine.Tests.Scheduling;

/// <summary>Campaign files as the scheduling tests write them.</summary>
internal static class TestCampaigns
{
    public static string Scheduled(string id, string cron, string timeZone = "Asia/Shanghai") => $"""
        id: {id}
        name: {id}
        timezone: {timeZone}
        schedule: "{cron}"
        audience:
          tags: {"{"} any: [target] {"}"}
        variants:
          - name: only
            weight: 100
            channels: [sms]
            messages:
              sms: "Hello {"{{"} customer.name {"}}"}, reply T to stop"
        """;

    public static string OnEvent(string id) => $"""
        id: {id}
        name: {id}
        timezone: Asia/Shanghai
        trigger:
          event: membership_expired
          delay: 1d
        variants:
          - name: only
            weight: 100
            channels: [sms]
            messages:
              sms: "Renew now, reply T to stop"
        """;
}
