using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Cli.Import;
using Outreach.Core.Customers;
using Outreach.Storage;
using Spectre.Console;

namespace Outreach.Cli.Commands;

/// <summary><c>outreach import customers.csv</c>: upserts customers; a bad row is reported with its line and skipped.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV with a header row; column id is required" };
        var command = new Command("import", "Import customers from a CSV file") { file };
        command.SetAction(async (parse, ct) =>
        {
            var csv = parse.GetValue(file)!;
            if (!csv.Exists)
            {
                Console.Error.WriteLine($"{csv.FullName}: no such file.");
                return 2;
            }
            await using var services = await OutreachHost.StartAsync(parse.GetValue(CommonOptions.Config)!, ct);
            var (stored, skipped) = await ImportAsync(services, csv, ct);
            AnsiConsole.MarkupLine($"[green]{stored:N0} customer(s) imported[/], {skipped:N0} row(s) skipped.");
            return skipped > 0 ? 1 : 0;
        });
        return command;
    }

    private static async Task<(long Stored, long Skipped)> ImportAsync(IServiceProvider services, FileInfo csv, CancellationToken ct)
    {
        var store = services.GetRequiredService<ICustomerStore>();
        var importer = new CustomerCsvImporter(services.GetRequiredService<ContactValidator>(), services.GetRequiredService<TimeProvider>());
        long stored = 0, skipped = 0;
        using var reader = csv.OpenText();
        var totalBytes = Math.Max(csv.Length, 1);

        await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"importing {csv.Name}", maxValue: totalBytes);
            await foreach (var batch in importer.ReadAsync(reader, 1000, ct))
            {
                foreach (var warning in batch.Warnings) Console.Error.WriteLine($"{csv.Name}: {warning}");
                foreach (var error in batch.Errors) Console.Error.WriteLine($"{csv.Name}:{error.LineNumber}: {error.Field}: {error.Message}");
                skipped += batch.SkippedRows;

                var report = await store.UpsertCustomersAsync(batch.Customers, ct);
                foreach (var error in report.Errors) Console.Error.WriteLine($"{csv.Name}: customer {error.CustomerId}: {error.Field}: {error.Message}");
                stored += report.Stored;
                skipped += report.Errors.Count;
                task.Value = reader.BaseStream.CanSeek ? reader.BaseStream.Position : task.Value;
            }
            task.Value = totalBytes;
        });
        return (stored, skipped);
    }
}
