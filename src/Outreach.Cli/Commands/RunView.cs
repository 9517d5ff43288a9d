using Outreach.Engine.Runs;
using Outreach.Storage.Ledger;
using Spectre.Console;

namespace Outreach.Cli.Commands;

/// <summary>How runs are shown on the console: the counters marketers ask about, in pipeline order.</summary>
public static class RunView
{
    public static Table Counters(RunStatus status)
    {
        var title = $"{status.Run.CampaignId} · {status.Run.RunId} · {status.Phase}";
        var table = new Table().AddColumns("", "touches");
        table.Title = new TableTitle(Markup.Escape(title));
        // A title is wrapped at the table's width: the names' column is made wide enough for it to stay on one line.
        table.Columns[0].Width = Math.Max(13, title.Length - 14);
        foreach (var (name, count) in Rows(status)) table.AddRow(name, count.ToString("N0"));
        return table;
    }

    public static IEnumerable<(string Name, long Count)> Rows(RunStatus s) =>
        new (string, long)[]
        {
            ("audience", s.Audience), ("held out", s.HeldOut), ("suppressed", s.Suppressed),
            ("unreachable", s[TouchStatus.Unreachable]), ("skipped", s[TouchStatus.Skipped]),
            ("exited (goal)", s[TouchStatus.Exited]), ("capped", s.Capped), ("deferred", s.Deferred),
            ("dropped", s[TouchStatus.Dropped]), ("queued", s.Queued), ("paused", s.Paused),
            ("sent", s.Sent), ("failed", s.Failed), ("cancelled", s[TouchStatus.Cancelled]),
        }.Where(row => row.Item1 == "audience" || row.Item2 > 0);

    public static Table List(IReadOnlyList<RunStatus> runs)
    {
        var table = new Table().AddColumns("campaign", "run", "trigger", "phase", "audience", "sent", "pending", "started (UTC)");
        foreach (var s in runs)
            table.AddRow(Markup.Escape(s.Run.CampaignId), Markup.Escape(s.Run.RunId), s.Run.Trigger, s.Phase, s.Audience.ToString("N0"),
                s.Sent.ToString("N0"), s.Pending.ToString("N0"), s.Run.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss"));
        return table;
    }
}
