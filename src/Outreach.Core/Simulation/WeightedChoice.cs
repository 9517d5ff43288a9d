namespace Outreach.Core.Simulation;

/// <summary>Picks one of a few values with given relative weights, such as 88% Asia/Shanghai.</summary>
internal sealed class WeightedChoice<T>
{
    private readonly T[] _values;
    private readonly double[] _cumulative;

    public WeightedChoice(params (T Value, double Weight)[] choices)
    {
        _values = choices.Select(c => c.Value).ToArray();
        _cumulative = new double[choices.Length];
        var total = choices.Sum(c => c.Weight);
        var running = 0.0;
        for (var i = 0; i < choices.Length; i++) _cumulative[i] = running += choices[i].Weight / total;
    }

    public T Pick(SimulationRandom random)
    {
        var x = random.NextDouble();
        for (var i = 0; i < _cumulative.Length; i++)
            if (x < _cumulative[i]) return _values[i];
        return _values[^1]; // rounding left the last bound a hair under 1
    }
}
