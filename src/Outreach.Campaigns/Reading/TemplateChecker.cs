using System.Text.RegularExpressions;
using Fluid;
using Fluid.Ast;
using Fluid.Parser;
using Outreach.Campaigns.Rendering;
using YamlDotNet.RepresentationModel;

namespace Outreach.Campaigns.Reading;

/// <summary>
/// Checks a message template: Liquid syntax, and that every value it uses exists, because a misspelt value
/// would otherwise render as nothing in front of every customer.
/// </summary>
internal sealed partial class TemplateChecker(ReadContext context, IReadOnlyCollection<string> offerKeys)
{
    private static readonly FluidParser Parser = new();

    [GeneratedRegex(@"^(?<reason>.*?) at \((?<line>\d+):(?<column>\d+)\)")]
    private static partial Regex ParseError();

    public void Check(YamlScalarNode node, string what)
    {
        var text = node.Value ?? "";
        if (!Parser.TryParse(text, out var template, out var error))
        {
            var match = ParseError().Match(error ?? "");
            var reason = match.Success ? match.Groups["reason"].Value : error?.Split('\n')[0] ?? "it cannot be read";
            var (line, column) = match.Success ? context.PositionIn(node, int.Parse(match.Groups["line"].Value), int.Parse(match.Groups["column"].Value)) : PositionOf(node, 0);
            var hint = reason.Contains("expected") ? " Check that every {{ has its }} and every {% if %} its {% endif %}." : "";
            context.Error(line, column, $"The {what} has a Liquid error: {Wording.AsClause(reason)}.{hint}");
            return;
        }

        var uses = new ValueUses();
        uses.VisitTemplate(template);
        foreach (var path in uses.Paths.Where(path => !uses.Declared.Contains(path[0])).DistinctBy(path => string.Join('.', path)))
            if (Problem(path) is { } problem)
            {
                var (line, column) = PositionOf(node, Offset(text, path));
                context.Error(line, column, $"The {what} uses {{{{ {string.Join('.', path)} }}}}, but {problem}");
            }
    }

    private string? Problem(IReadOnlyList<string> path)
    {
        var (root, field) = (path[0], path.Count > 1 ? path[1] : null);
        if (!TemplateValues.Roots.Contains(root))
            return $"'{root}' is not something messages know.{Suggestions.DidYouMean(root, TemplateValues.Roots)} Messages can use customer.*, offer.*, campaign.* and variant.";

        var fields = root switch
        {
            "customer" => TemplateValues.CustomerFields,
            "campaign" => TemplateValues.CampaignFields,
            "offer" => offerKeys,
            _ => null,
        };
        if (field is null || fields is null || fields.Contains(field)) return null;
        var known = fields.Count > 0 ? $" It has {string.Join(", ", fields)}." : " The campaign has no offer.";
        return $"{root} has no '{field}'.{Suggestions.DidYouMean(field, fields)}{known}";
    }

    private (int Line, int Column) PositionOf(YamlScalarNode node, int offset)
    {
        var before = (node.Value ?? "")[..offset];
        var line = before.Count(c => c == '\n') + 1;
        var column = offset - (before.LastIndexOf('\n') + 1) + 1;
        return context.PositionIn(node, line, column);
    }

    private static int Offset(string text, IReadOnlyList<string> path)
    {
        var pattern = @"\b" + string.Join(@"\s*\.\s*", path.Take(2).Select(Regex.Escape)) + @"\b";
        return Regex.Match(text, pattern) is { Success: true } match ? match.Index : 0;
    }

    // Collects the dotted names a template reads and the names it defines itself (assign, capture, for, ...).
    private sealed class ValueUses : AstVisitor
    {
        public List<IReadOnlyList<string>> Paths { get; } = [];
        public HashSet<string> Declared { get; } = ["forloop", "tablerowloop"];

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            var names = memberExpression.Segments.TakeWhile(s => s is IdentifierSegment).Cast<IdentifierSegment>().Select(s => s.Identifier).ToList();
            if (names.Count > 0) Paths.Add(names);
            return base.VisitMemberExpression(memberExpression);
        }

        protected override Statement VisitAssignStatement(AssignStatement s) { Declared.Add(s.Identifier); return base.VisitAssignStatement(s); }
        protected override Statement VisitCaptureStatement(CaptureStatement s) { Declared.Add(s.Identifier); return base.VisitCaptureStatement(s); }
        protected override Statement VisitForStatement(ForStatement s) { Declared.Add(s.Identifier); return base.VisitForStatement(s); }
        protected override Statement VisitTableRowStatement(TableRowStatement s) { Declared.Add(s.Identifier); return base.VisitTableRowStatement(s); }
        protected override Statement VisitIncrementStatement(IncrementStatement s) { Declared.Add(s.Identifier); return base.VisitIncrementStatement(s); }
        protected override Statement VisitDecrementStatement(DecrementStatement s) { Declared.Add(s.Identifier); return base.VisitDecrementStatement(s); }
    }
}
