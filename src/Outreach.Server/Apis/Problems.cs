namespace Outreach.Server.Apis;

/// <summary>The RFC 7807 answers the endpoints share, each naming what was wrong.</summary>
public static class Problems
{
    /// <summary>400 with every bad field and why, in <c>errors</c>, and the first one spelled out in <c>detail</c>.</summary>
    public static IResult Invalid(params (string Field, string Message)[] errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            detail: string.Join(" ", errors.Select(e => e.Field.Length > 0 ? $"{e.Field}: {e.Message}" : e.Message)));

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");
}
