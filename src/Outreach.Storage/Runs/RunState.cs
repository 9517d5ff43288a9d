namespace Outreach.Storage.Runs;

/// <summary>Where a campaign run stands, as stored. Whether a running run has finished follows from its touches.</summary>
public enum RunState
{
    /// <summary>Its audience is being streamed into the touch queue.</summary>
    Planning,

    /// <summary>Planned; its touches go out as they fall due.</summary>
    Running,

    /// <summary>No touch of it is sent until it is resumed.</summary>
    Paused,

    /// <summary>Stopped for good: its touches not sent yet never will be.</summary>
    Cancelled,
}
