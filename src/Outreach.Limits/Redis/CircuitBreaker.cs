namespace Outreach.Limits.Redis;

/// <summary>
/// Keeps a dead Redis from being hammered: after <c>failures</c> consecutive failures it opens for <c>openFor</c>, then
/// lets one probe through; the probe's success closes it. Thread-safe; cheap when closed.
/// </summary>
internal sealed class CircuitBreaker(int failures, TimeSpan openFor, TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _consecutive;
    private DateTimeOffset _openUntil = DateTimeOffset.MinValue;
    private bool _probing;

    /// <summary>Whether a call may go to Redis now; if not, when to try again.</summary>
    public bool TryPass(out DateTimeOffset retryAt)
    {
        retryAt = default;
        if (Volatile.Read(ref _consecutive) < failures) return true;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_consecutive < failures) return true;
            if (now >= _openUntil && !_probing)
            {
                _probing = true;
                return true;
            }
            retryAt = _openUntil > now ? _openUntil : now + openFor;
            return false;
        }
    }

    /// <summary>Returns true when this success closed an open breaker.</summary>
    public bool Succeeded()
    {
        if (Volatile.Read(ref _consecutive) == 0) return false;
        lock (_gate)
        {
            var wasOpen = _consecutive >= failures;
            _consecutive = 0;
            _probing = false;
            return wasOpen;
        }
    }

    /// <summary>Returns true when this failure opened the breaker (or a failed probe re-opened it).</summary>
    public bool Failed(out DateTimeOffset retryAt)
    {
        lock (_gate)
        {
            var wasOpen = _consecutive >= failures;
            _consecutive++;
            if (_consecutive >= failures && (!wasOpen || _probing))
            {
                _openUntil = time.GetUtcNow() + openFor;
                _probing = false;
                retryAt = _openUntil;
                return !wasOpen;
            }
            retryAt = _consecutive >= failures ? _openUntil : time.GetUtcNow();
            return false;
        }
    }
}
