using Outreach.Core;

namespace Outreach.Campaigns.Rendering;

/// <summary>A message ready to send to one customer on one channel; fields a channel does not use are null.</summary>
public sealed record RenderedMessage(
    Channel Channel,
    string Body,
    string? Subject,
    string? Html,
    string? TemplateId,
    string? Voice,
    string? Language);
