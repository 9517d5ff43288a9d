using Quartz;
using YamlDotNet.RepresentationModel;

namespace Outreach.Campaigns.Reading;

/// <summary>Checks a schedule is a Quartz cron expression and, when it is not, explains the format with an example.</summary>
internal static class CronSchedule
{
    private const string Format =
        "A schedule is a Quartz cron expression with seconds first: second minute hour day-of-month month day-of-week [year], " +
        "e.g. \"0 0 10 * * ?\" runs every day at 10:00 in the campaign's time zone and \"0 30 9 ? * MON-FRI\" on weekdays at 9:30.";

    public static string? Read(ReadContext context, YamlNode node)
    {
        if (context.Text(node, "schedule") is not { } text) return null;
        var cron = text.Trim();
        if (CronExpression.TryParse(cron, out _)) return cron;
        context.Error(node, Explain(cron));
        return null;
    }

    private static string Explain(string cron)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 5)
        {
            // A Unix crontab line; Unix numbers weekdays 0-6 from Sunday and Quartz 1-7, so only suggest when no number is involved.
            var suggestion = $"0 {cron}";
            var safe = !fields[4].Any(char.IsAsciiDigit) && CronExpression.TryParse(suggestion, out _);
            return $"'{cron}' has 5 fields like a Unix crontab, but Quartz cron starts with seconds." +
                   (safe ? $" Did you mean \"{suggestion}\"?" : " Quartz numbers weekdays 1-7 from Sunday; names such as MON-FRI avoid mistakes.") +
                   $" {Format}";
        }
        if (fields.Length is not (6 or 7))
            return $"'{cron}' is not a schedule: it has {fields.Length} field{(fields.Length == 1 ? "" : "s")}. {Format}";
        return $"'{cron}' is not a valid schedule: {Reason(cron)}. {Format}";
    }

    // Quartz only says why an expression is wrong by throwing.
    private static string Reason(string cron)
    {
        try
        {
            CronExpression.Parse(cron);
            return "Quartz cannot read it";
        }
        catch (FormatException e)
        {
            return Wording.AsClause(e.Message) is { Length: > 0 } reason ? reason : "Quartz cannot read it";
        }
    }
}
