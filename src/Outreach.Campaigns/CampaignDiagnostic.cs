namespace Outreach.Campaigns;

/// <summary>A problem in a campaign file, at a 1-based line and column, worded for the marketer who wrote it.</summary>
public sealed record CampaignDiagnostic(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
