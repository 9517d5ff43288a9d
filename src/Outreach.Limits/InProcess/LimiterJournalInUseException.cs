namespace Outreach.Limits.InProcess;

/// <summary>
/// Another process already keeps the embedded limiter's caps in this folder. Two in-process limiters would each count
/// only their own touches, so together they could break any cap; the second one refuses to start instead.
/// </summary>
public sealed class LimiterJournalInUseException(string journal, string lockFile, Exception inner) : IOException(
    $"The embedded limiter's journal {journal} is in use by another outreach process (it holds {lockFile}). The in-process " +
    "limiter keeps the caps of one process only: stop that process first, start the run from it when it is the server (its " +
    "dashboard, POST /campaigns/{id}/runs), or set Limits:Redis so every process shares the caps.", inner)
{
    public string Journal { get; } = journal;
}
