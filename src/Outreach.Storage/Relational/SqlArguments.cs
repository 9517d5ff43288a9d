using System.Data;
using System.Data.Common;

namespace Outreach.Storage.Relational;

/// <summary>One bound value of a generated statement.</summary>
internal sealed record SqlArgument(string Name, object? Value, DbType? Type);

/// <summary>Collects the parameters of a generated statement: values are always bound, never spliced into SQL text.</summary>
internal sealed class SqlArguments
{
    private readonly List<SqlArgument> _arguments = [];
    private readonly HashSet<string> _named = [];

    public IReadOnlyList<SqlArgument> All => _arguments;

    /// <summary>Binds a value and returns its placeholder.</summary>
    public string Add(object? value, DbType? type)
    {
        var name = "@p" + _arguments.Count;
        _arguments.Add(new SqlArgument(name, value, type));
        return name;
    }

    /// <summary>Binds a value once under a fixed name (thresholds and "now" are referenced many times).</summary>
    public string Named(string name, object value, DbType type)
    {
        var placeholder = "@" + name;
        if (_named.Add(placeholder)) _arguments.Add(new SqlArgument(placeholder, value, type));
        return placeholder;
    }

    public void BindTo(DbCommand command)
    {
        foreach (var argument in _arguments) command.AddParameter(argument.Name, argument.Value, argument.Type);
    }
}
