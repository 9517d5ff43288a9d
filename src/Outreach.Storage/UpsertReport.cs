namespace Outreach.Storage;

/// <summary>What an upsert did: how many customers were stored, and each problem of a rejected one.</summary>
public sealed record UpsertReport(int Stored, IReadOnlyList<CustomerError> Errors)
{
    public bool AllStored => Errors.Count == 0;
}

/// <summary>One problem of the customer at <paramref name="Index"/> in the batch; that customer was not stored.</summary>
public sealed record CustomerError(int Index, string? CustomerId, string Field, string Message);
