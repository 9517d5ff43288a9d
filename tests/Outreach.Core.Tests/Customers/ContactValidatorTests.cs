using Outreach.Core.Customers;

namespace Outreach.Core.Tests.Customers;

public class ContactValidatorTests
{
    private readonly ContactValidator _validator = new("CN");

    [Theory]
    [InlineData("13800138000", "+8613800138000")]
    [InlineData("+86 138 0013 8000", "+8613800138000")]
    [InlineData("+1 (415) 555-2671", "+14155552671")]
    public void Phone_numbers_are_normalised_to_E164(string input, string expected)
    {
        Assert.True(_validator.TryNormalizePhone(input, out var e164, out var error), error);
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("not a number")]
    [InlineData("+86 000 0000 0000")]
    public void Invalid_phone_numbers_are_rejected_with_the_number_named(string input)
    {
        Assert.False(_validator.TryNormalizePhone(input, out _, out var error));
        Assert.Contains(input, error);
    }

    [Fact]
    public void A_customer_with_bad_contacts_gets_one_error_per_field()
    {
        var (valid, errors) = _validator.Validate(new Customer
        {
            Id = "c1", Phone = "12", Email = "li.lei@", TimeZone = "Mars/Olympus",
        });

        Assert.Null(valid);
        Assert.Equal(["phone", "email", "timezone"], errors.Select(e => e.Field));
    }

    [Fact]
    public void A_valid_customer_comes_back_normalised()
    {
        var (valid, errors) = _validator.Validate(new Customer
        {
            Id = "c1", Phone = "138 0013 8000", Email = " Li.Lei@Example.COM ", TimeZone = "Asia/Shanghai",
        });

        Assert.Empty(errors);
        Assert.Equal("+8613800138000", valid!.Phone);
        // One address to the suppression list whatever its case.
        Assert.Equal("li.lei@example.com", valid.Email);
    }
}
