using Fluid;
using Fluid.Values;
using Outreach.Core.Customers;

namespace Outreach.Campaigns.Rendering;

/// <summary>
/// A customer's <c>customer.*</c> values as Fluid reads them: each field is worked out when the template reads it, so a
/// render builds no dictionary of values the message never uses.
/// </summary>
internal sealed class CustomerValues(CustomerProfile profile, TemplateOptions options) : IFluidIndexable
{
    public int Count => TemplateValues.CustomerFields.Count;

    public IEnumerable<string> Keys => TemplateValues.CustomerFields;

    public bool TryGetValue(string name, out FluidValue value)
    {
        var known = TemplateValues.TryGetCustomer(profile, name, out var raw);
        value = known ? FluidValue.Create(raw, options) : NilValue.Instance;
        return known;
    }
}
