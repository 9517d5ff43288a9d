using System.Text.Json;
using Outreach.Core;
using Outreach.Engine.Preview;

namespace Outreach.Server.Apis;

/// <summary><c>GET /campaigns/{id}/preview</c>: the audience now, its split over the variants and the holdout, and sample messages.</summary>
public sealed record CampaignPreviewView(string CampaignId, DateTimeOffset At, long Audience, IReadOnlyList<PreviewArmView> Arms, IReadOnlyList<PreviewSampleView> Samples)
{
    public static CampaignPreviewView Of(CampaignPreview p) => new(p.Campaign.Id, p.At, p.Audience,
        [.. p.Arms.Select(a => new PreviewArmView(a.Name, a.Holdout, a.Weight, [.. a.Channels.Select(c => c.ToName())], a.Customers, Math.Round(p.Share(a), 4)))],
        [.. p.Samples.Select(s => new PreviewSampleView(s.Variant.Name, s.Profile.Customer.Id, s.Profile.Customer.Name,
            JsonNamingPolicy.SnakeCaseLower.ConvertName(s.Profile.Pool.ToString()),
            [.. s.Messages.Select(m => new PreviewMessageView(m.Channel.ToName(), m.Subject, m.Body, m.TemplateId))]))]);
}

/// <summary>A variant, or the holdout, with its configured weight (percent) and the customers and share of the audience it gets now.</summary>
public sealed record PreviewArmView(string Name, bool Holdout, double Weight, IReadOnlyList<string> Channels, long Customers, double Share);

/// <summary>A real customer of a variant and the message each of the variant's channels would carry, in the variant's order.</summary>
public sealed record PreviewSampleView(string Variant, string CustomerId, string? CustomerName, string Pool, IReadOnlyList<PreviewMessageView> Messages);

public sealed record PreviewMessageView(string Channel, string? Subject, string Body, string? TemplateId);
