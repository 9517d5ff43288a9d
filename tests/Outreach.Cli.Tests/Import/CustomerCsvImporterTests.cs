using System.Runtime.CompilerServices;
using Outreach.Cli.Import;
using Outreach.Core;
using Outreach.Core.Customers;

namespace Outreach.Cli.Tests.Import;

public sealed class CustomerCsvImporterTests
{
    private const string Header =
        "id,name,phone,email,wechat_openid,timezone,tags,membership_tier,membership_status,membership_expires_at,consent_sms,consent_call,consent_email,consent_wechat,created_at";

    private static readonly DateTimeOffset Now = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly CustomerCsvImporter Importer = new(new ContactValidator("CN"), new FixedTime(Now));

    private static async Task<List<ImportBatch>> ImportAsync(string csv, int batchSize = 100)
    {
        var batches = new List<ImportBatch>();
        await foreach (var batch in Importer.ReadAsync(new StringReader(csv), batchSize, CancellationToken.None)) batches.Add(batch);
        return batches;
    }

    private static async Task<(List<Customer> Customers, List<ImportRowError> Errors)> ImportAllAsync(string csv, int batchSize = 100)
    {
        var batches = await ImportAsync(csv, batchSize);
        return (batches.SelectMany(b => b.Customers).ToList(), batches.SelectMany(b => b.Errors).ToList());
    }

    // A row with every column of the header; named values replace the defaults of a valid customer.
    private static string Row(string id, string phone = "13800138000", string email = "", string timezone = "Asia/Shanghai",
        string status = "none", string expires = "", string sms = "yes", string created = "2024-01-01") =>
        $"{id},Name {id},{phone},{email},,{timezone},,,{status},{expires},{sms},,,,{created}";

    private static string Csv(params string[] lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public async Task The_sample_file_imports_its_good_rows_and_reports_its_three_bad_ones_by_line()
    {
        using var sample = File.OpenText(SamplePath());
        var batches = new List<ImportBatch>();
        await foreach (var batch in Importer.ReadAsync(sample, 100, CancellationToken.None)) batches.Add(batch);

        var customers = batches.SelectMany(b => b.Customers).ToList();
        var errors = batches.SelectMany(b => b.Errors).Select(e => (e.LineNumber, e.Field)).ToList();
        Assert.Equal(17, customers.Count);
        Assert.Equal([(8, "phone"), (12, "membership_expires_at"), (15, "consent_sms")], errors);
        Assert.DoesNotContain(customers, c => c.Id is "C1006" or "C1010" or "C1013");
        Assert.Equal(["Column 'notes' is not known and is ignored."], batches[0].Warnings);
        Assert.Equal(22, batches[^1].LinesRead);
    }

    [Fact]
    public async Task Phones_are_normalised_to_e164_whatever_way_they_were_written()
    {
        var (customers, errors) = await ImportAllAsync(Csv(Header,
            Row("a", phone: "13800138000"), Row("b", phone: "+86 139 1234 5678"), Row("c", phone: "186-0000-1234"), Row("d", phone: "")));

        Assert.Empty(errors);
        Assert.Equal(["+8613800138000", "+8613912345678", "+8618600001234", null], customers.Select(c => c.Phone));
    }

    [Fact]
    public async Task Every_column_is_read_into_the_customer()
    {
        var (customers, errors) = await ImportAllAsync(Csv(Header,
            "C1,王芳,13800138000, wang.fang@163.com ,oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,Asia/Shanghai,vip; parent|vip,Gold,active,2026-03-01,yes,opted_out,,OPTED_IN,2023-05-14T10:20:00+08:00"));

        Assert.Empty(errors);
        var customer = Assert.Single(customers);
        Assert.Equal(("C1", "王芳", "wang.fang@163.com", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "Asia/Shanghai"),
            (customer.Id, customer.Name, customer.Email, customer.WeChatOpenId, customer.TimeZone));
        Assert.Equal(["vip", "parent"], customer.Tags);
        Assert.Equal(("gold", MembershipStatus.Active), (customer.MembershipTier, customer.MembershipStatus));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(8)), customer.MembershipExpiresAt);
        Assert.Equal(new DateTimeOffset(2023, 5, 14, 2, 20, 0, TimeSpan.Zero), customer.CreatedAt);
        Assert.Equal(ConsentStatus.OptedIn, customer.ConsentFor(Channel.Sms));
        Assert.Equal(ConsentStatus.OptedOut, customer.ConsentFor(Channel.Call));
        Assert.Equal(ConsentStatus.Unknown, customer.ConsentFor(Channel.Email));
        Assert.Equal(ConsentStatus.OptedIn, customer.ConsentFor(Channel.WeChat));
    }

    [Fact]
    public async Task Times_without_an_offset_are_the_customers_wall_clock_and_a_missing_creation_time_is_now()
    {
        var (customers, _) = await ImportAllAsync(Csv(Header,
            Row("sh", timezone: "Asia/Shanghai", expires: "2025-07-01 09:30", created: ""),
            Row("utc", timezone: "", expires: "2025-07-01T09:30:00Z")));

        Assert.Equal(new DateTimeOffset(2025, 7, 1, 1, 30, 0, TimeSpan.Zero), customers[0].MembershipExpiresAt);
        Assert.Equal(Now, customers[0].CreatedAt);
        Assert.Equal(new DateTimeOffset(2025, 7, 1, 9, 30, 0, TimeSpan.Zero), customers[1].MembershipExpiresAt);
    }

    [Theory]
    [InlineData("bad phone", "b,Name b,12345,,,Asia/Shanghai,,,none,,yes,,,,2024-01-01", "phone", "'12345' is not a valid phone number.")]
    [InlineData("bad email", "b,Name b,13800138000,wang@@163,,Asia/Shanghai,,,none,,yes,,,,2024-01-01", "email", "'wang@@163' is not a valid email address.")]
    [InlineData("unknown time zone", "b,Name b,13800138000,,,Asia/Beijing,,,none,,yes,,,,2024-01-01", "timezone", "'Asia/Beijing' is not a known time zone")]
    [InlineData("bad date", "b,Name b,13800138000,,,Asia/Shanghai,,,expired,01/03/2025,yes,,,,2024-01-01", "membership_expires_at", "'01/03/2025' is not a date (use ISO 8601")]
    [InlineData("bad creation date", "b,Name b,13800138000,,,Asia/Shanghai,,,none,,yes,,,,2024-02-30", "created_at", "'2024-02-30' is not a date")]
    [InlineData("bad membership status", "b,Name b,13800138000,,,Asia/Shanghai,,,lapsed,,yes,,,,2024-01-01", "membership_status", "'lapsed' is not a membership status (use none, active, expired or cancelled).")]
    [InlineData("bad consent", "b,Name b,13800138000,,,Asia/Shanghai,,,none,,maybe,,,,2024-01-01", "consent_sms", "'maybe' is not a consent answer")]
    [InlineData("missing id", ",Name b,13800138000,,,Asia/Shanghai,,,none,,yes,,,,2024-01-01", "id", "Every customer needs an id.")]
    [InlineData("too few fields", "b,Name b,13800138000,,,Asia/Shanghai,,,none,,yes,,,2024-01-01", "row", "The row has 14 fields but the header has 15")]
    [InlineData("too many fields", "b,Wang, Fang,13800138000,,,Asia/Shanghai,,,none,,yes,,,,2024-01-01", "row", "The row has 16 fields but the header has 15")]
    [InlineData("stray quote", "b,Wang \"Lucky\" Fang,13800138000,,,Asia/Shanghai,,,none,,yes,,,,2024-01-01", "row", "The row has a quote in the middle of a value")]
    [InlineData("text after a closing quote", "b,\"Wang\" Fang,13800138000,,,Asia/Shanghai,,,none,,yes,,,,2024-01-01", "row", "The row has a quote in the middle of a value")]
    public async Task A_bad_row_is_reported_with_its_line_and_field_and_skipped_while_the_rest_is_kept(
        string kind, string badRow, string field, string message)
    {
        var (customers, errors) = await ImportAllAsync(Csv(Header, Row("a"), badRow, Row("c")));

        Assert.True(errors.Count == 1, $"A row with a {kind} gives one error, not: {string.Join("; ", errors)}");
        Assert.Equal((3, field), (errors[0].LineNumber, errors[0].Field));
        Assert.StartsWith(message, errors[0].Message);
        Assert.Equal(["a", "c"], customers.Select(c => c.Id));
    }

    [Fact]
    public async Task Every_problem_of_a_row_is_reported_at_once()
    {
        var batch = Assert.Single(await ImportAsync(Csv(Header, Row("a", phone: "12345", email: "nope", status: "gone", sms: "perhaps"), Row("b"))));

        Assert.Equal(["b"], batch.Customers.Select(c => c.Id));
        Assert.Equal(["phone", "email", "membership_status", "consent_sms"], batch.Errors.Select(e => e.Field));
        Assert.All(batch.Errors, e => Assert.Equal(2, e.LineNumber));
        Assert.Equal(1, batch.SkippedRows);
    }

    [Fact]
    public async Task A_customer_repeated_in_the_file_is_kept_once_and_the_repeat_points_at_the_first_even_in_a_later_batch()
    {
        var (customers, errors) = await ImportAllAsync(Csv(Header, Row("a"), Row("b"), Row("a", phone: "13900139000")), batchSize: 2);

        Assert.Equal(["a", "b"], customers.Select(c => c.Id));
        var error = Assert.Single(errors);
        Assert.Equal((4, "id"), (error.LineNumber, error.Field));
        Assert.Equal("Customer 'a' already appeared on line 2; each customer may appear once per file.", error.Message);
    }

    [Fact]
    public async Task Quoted_fields_with_commas_and_line_breaks_are_read_and_line_numbers_stay_physical()
    {
        var (customers, errors) = await ImportAllAsync(Csv(Header,
            "a,\"Wang, Fang\",13800138000,,,Asia/Shanghai,\"vip;\nparent\",,none,,yes,,,,2024-01-01",
            "b,\"Li\r\nNa\",13800138000,,,Asia/Shanghai,,,none,,yes,,,,2024-01-01",
            Row("c", phone: "12345")));

        Assert.Equal(["Wang, Fang", "Li\r\nNa"], customers.Select(c => c.Name));
        Assert.Equal(["vip", "parent"], customers[0].Tags);
        Assert.Equal((6, "phone"), (Assert.Single(errors).LineNumber, errors[0].Field));
    }

    [Fact]
    public async Task A_quote_that_is_never_closed_costs_its_row_and_not_the_rest_of_the_file()
    {
        var (customers, errors) = await ImportAllAsync(Csv(Header,
            Row("a"),
            "b,\"Wang Fang,13800138000,,,Asia/Shanghai,,,none,,yes,,,,2024-01-01",
            Row("c"),
            Row("d", phone: "12345"),
            Row("e")));

        Assert.Equal(["a", "c", "e"], customers.Select(c => c.Id));
        Assert.Equal([(3, "row"), (5, "phone")], errors.Select(e => (e.LineNumber, e.Field)));
        Assert.StartsWith("A quote opened on this line is never closed", errors[0].Message);
    }

    [Fact]
    public async Task A_stray_quote_closed_by_a_later_row_costs_only_its_own_row()
    {
        var (customers, errors) = await ImportAllAsync(Csv(Header,
            Row("a"),
            "b,\"Wang Fang,13800138000,,,Asia/Shanghai,,,none,,yes,,,,2024-01-01",
            Row("c"),
            "d,\"Li, Na\",13800138000,,,Asia/Shanghai,,,none,,yes,,,,2024-01-01",
            Row("e", phone: "12345"),
            Row("f")));

        Assert.Equal(["a", "c", "d", "f"], customers.Select(c => c.Id));
        Assert.Equal("Li, Na", customers[2].Name);
        Assert.Equal([(3, "row"), (6, "phone")], errors.Select(e => (e.LineNumber, e.Field)));
    }

    [Fact]
    public async Task Blank_lines_and_empty_rows_are_skipped_silently_but_still_count_as_lines()
    {
        var (customers, errors) = await ImportAllAsync(Csv(Header, Row("a"), "", ",,,,,,,,,,,,,,", Row("b", phone: "12345")));

        Assert.Equal(["a"], customers.Select(c => c.Id));
        Assert.Equal(5, Assert.Single(errors).LineNumber);
    }

    [Fact]
    public async Task Windows_line_endings_and_a_byte_order_mark_are_fine()
    {
        var (customers, errors) = await ImportAllAsync("\uFEFF" + string.Join("\r\n", Header, Row("a"), Row("b", phone: "1")) + "\r\n");

        Assert.Equal(["a"], customers.Select(c => c.Id));
        Assert.Equal((3, "phone"), (Assert.Single(errors).LineNumber, errors[0].Field));
    }

    [Fact]
    public async Task Unknown_columns_are_warned_about_once_with_a_suggestion_and_the_known_ones_are_read()
    {
        var batches = await ImportAsync(Csv("ID,Name,Phone Number,emial,notes", "a,Wang Fang,13800138000,x,y", "b,Li Na,13800138000,x,y"), batchSize: 1);

        Assert.Equal(
            ["Column 'Phone Number' is not known and is ignored.", "Column 'emial' is not known and is ignored (did you mean 'email'?).", "Column 'notes' is not known and is ignored."],
            batches[0].Warnings);
        Assert.All(batches.Skip(1), b => Assert.Empty(b.Warnings));
        Assert.Equal(["a", "b"], batches.SelectMany(b => b.Customers).Select(c => c.Id));
        Assert.All(batches.SelectMany(b => b.Customers), c => Assert.Null(c.Phone));
    }

    [Fact]
    public async Task A_repeated_column_is_warned_about_and_the_first_one_is_read()
    {
        var batch = Assert.Single(await ImportAsync(Csv("id,phone,Phone", "a,13800138000,13900139000")));

        Assert.Equal(["Column 'phone' appears more than once; only the first is read."], batch.Warnings);
        Assert.Equal("+8613800138000", Assert.Single(batch.Customers).Phone);
    }

    [Fact]
    public async Task A_file_without_an_id_column_is_one_error_on_the_header_line()
    {
        var batches = await ImportAsync(Csv("name,phone", "Wang Fang,13800138000"));

        var batch = Assert.Single(batches);
        Assert.Empty(batch.Customers);
        Assert.Equal((1, "row", "The header has no 'id' column; every customer needs an id."),
            (batch.Errors[0].LineNumber, batch.Errors[0].Field, batch.Errors[0].Message));
    }

    [Fact]
    public async Task An_empty_file_is_one_error_saying_the_header_is_missing()
    {
        var batch = Assert.Single(await ImportAsync(""));

        Assert.StartsWith("The file has no header row", Assert.Single(batch.Errors).Message);
    }

    [Fact]
    public async Task Rows_arrive_in_batches_of_the_requested_size_with_the_line_reached()
    {
        var rows = Enumerable.Range(1, 10).Select(i => Row($"c{i}", phone: i == 5 ? "12345" : "13800138000"));
        var batches = await ImportAsync(Csv([Header, .. rows]), batchSize: 4);

        Assert.Equal([(4, 0), (3, 1), (2, 0)], batches.Select(b => (b.Customers.Count, b.Errors.Count)));
        Assert.Equal([5L, 9L, 11L], batches.Select(b => b.LinesRead));
    }

    [Fact]
    public async Task Reading_stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Importer.ReadAsync(new StringReader(Csv(Header, Row("a"))), 10, cancelled.Token)) { }
        });
    }

    // Copied next to the tests when the project says so; otherwise read from the source tree.
    private static string SamplePath([CallerFilePath] string thisFile = "")
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Import", "customers-sample.csv");
        return File.Exists(copied) ? copied : Path.Combine(Path.GetDirectoryName(thisFile)!, "customers-sample.csv");
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
