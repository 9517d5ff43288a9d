using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Campaigns;
using Outreach.Core.Campaigns;

namespace Outreach.Engine.Scheduling;

/// <summary>
/// The campaigns currently in force, loaded from the campaigns folder and reloaded when a file changes. A file that
/// stops being valid is reported and the last good version of its campaign stays in force; a deleted file takes its
/// campaign away.
/// </summary>
public sealed class CampaignCatalog(
    CampaignLoader loader,
    IOptions<EngineOptions> engine,
    IOptions<SchedulingOptions> scheduling,
    TimeProvider time,
    ILogger<CampaignCatalog> logger) : ICampaignSource, IDisposable
{
    private readonly Lock _gate = new();
    private Dictionary<string, Campaign> _lastGoodByFile = new(StringComparer.Ordinal);
    private CatalogSnapshot _current = CatalogSnapshot.Empty;
    private FileSystemWatcher? _watcher;
    private ITimer? _debounce;

    public string Folder => engine.Value.CampaignsPath;

    public CatalogSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Raised after every reload the watcher triggers, with the new snapshot.</summary>
    public event Action<CatalogSnapshot>? Changed;

    public IReadOnlyCollection<Campaign> All => Current.Campaigns.Values.ToList();

    public bool TryGet(string campaignId, [NotNullWhen(true)] out Campaign? campaign) =>
        Current.Campaigns.TryGetValue(campaignId, out campaign);

    /// <summary>Loads the folder now and makes the result current.</summary>
    public CatalogSnapshot Reload()
    {
        lock (_gate)
        {
            var set = loader.LoadDirectory(Folder);
            var good = set.Campaigns.Where(c => c.SourcePath is not null).ToDictionary(c => c.SourcePath!, StringComparer.Ordinal);
            var ids = set.Campaigns.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);

            // A broken file that still exists keeps its last good campaign, unless a valid file now holds that id.
            foreach (var file in set.Diagnostics.Select(d => d.File).Distinct(StringComparer.Ordinal))
            {
                if (good.ContainsKey(file) || !File.Exists(file) || !_lastGoodByFile.TryGetValue(file, out var previous)) continue;
                if (!ids.Add(previous.Id)) continue;
                good[file] = previous;
                logger.LogWarning("{File} has errors; campaign {CampaignId} keeps running its previous version", file, previous.Id);
            }
            foreach (var diagnostic in set.Diagnostics)
                logger.LogWarning("Campaign file problem: {Diagnostic}", diagnostic.ToString());

            _lastGoodByFile = good;
            var snapshot = new CatalogSnapshot(good.Values.ToDictionary(c => c.Id, StringComparer.Ordinal), set.Diagnostics, time.GetUtcNow());
            Volatile.Write(ref _current, snapshot);
            return snapshot;
        }
    }

    /// <summary>Reloads (and raises <see cref="Changed"/>) whenever the folder has been quiet for the debounce delay after a change.</summary>
    public void Watch()
    {
        lock (_gate)
        {
            if (_watcher is not null) return;
            if (!Directory.Exists(Folder))
            {
                logger.LogWarning("The campaigns folder {Folder} does not exist; it is not watched", Folder);
                return;
            }
            _debounce = time.CreateTimer(_ => ReloadAndNotify(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _watcher = new FileSystemWatcher(Folder)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
                IncludeSubdirectories = false,
            };
            _watcher.Changed += OnFileEvent;
            _watcher.Created += OnFileEvent;
            _watcher.Deleted += OnFileEvent;
            _watcher.Renamed += OnFileEvent;
            _watcher.EnableRaisingEvents = true;
        }
    }

    // Editors write a file in several steps (truncate, write, rename); waiting for quiet loads it once, whole.
    private void OnFileEvent(object sender, FileSystemEventArgs e) =>
        _debounce?.Change(scheduling.Value.ReloadDebounce, Timeout.InfiniteTimeSpan);

    private void ReloadAndNotify()
    {
        try
        {
            var snapshot = Reload();
            Changed?.Invoke(snapshot);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Reloading the campaigns folder {Folder} failed", Folder);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _watcher?.Dispose();
            _watcher = null;
            _debounce?.Dispose();
            _debounce = null;
        }
    }
}
