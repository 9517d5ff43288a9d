using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Outreach.Channels.Outbox;
using Outreach.Channels.Tests.Support;
using Outreach.Core;

namespace Outreach.Channels.Tests.Outbox;

public sealed class OutboxSenderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string OutboxPath => _folder.PathOf("outbox.jsonl");

    private OutboxWriter NewWriter() => new(Options.Create(new OutboxOptions { Path = OutboxPath }), new FakeTimeProvider());

    [Fact]
    public async Task A_touch_written_before_a_restart_is_found()
    {
        using (var before = NewWriter())
            await new OutboxSender(Channel.Sms, before).SendAsync(Messages.For("T1"), CancellationToken.None);

        using var after = NewWriter();
        var sender = new OutboxSender(Channel.Sms, after);

        Assert.Equal(new DeliveryResult.Sent("outbox-T1"), await sender.FindSentAsync(Messages.For("T1"), CancellationToken.None));
    }

    [Fact]
    public async Task A_touch_written_by_this_process_is_found_before_and_after_the_first_lookup()
    {
        using var writer = NewWriter();
        var sms = new OutboxSender(Channel.Sms, writer);
        var wechat = new OutboxSender(Channel.WeChat, writer);
        await sms.SendAsync(Messages.For("T1"), CancellationToken.None);

        Assert.Equal(new DeliveryResult.Sent("outbox-T1"), await sms.FindSentAsync(Messages.For("T1"), CancellationToken.None));
        await wechat.SendAsync(Messages.For("T2", Channel.WeChat), CancellationToken.None);

        Assert.Equal(new DeliveryResult.Sent("outbox-T2"), await sms.FindSentAsync(Messages.For("T2"), CancellationToken.None));
        Assert.Equal(new DeliveryResult.Sent("outbox-T1"), await wechat.FindSentAsync(Messages.For("T1"), CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_sends_each_leave_one_whole_line_and_are_all_found()
    {
        using var writer = NewWriter();
        var sender = new OutboxSender(Channel.Sms, writer);

        var ids = Enumerable.Range(1, 400).Select(i => $"T{i}").ToList();
        var answers = await Task.WhenAll(ids.Select(id => Task.Run(() => sender.SendAsync(Messages.For(id), CancellationToken.None))));

        Assert.All(answers, answer => Assert.IsType<DeliveryResult.Sent>(answer));
        var lines = File.ReadAllLines(OutboxPath);
        Assert.Equal(ids.Order(), lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("touch_id").GetString()!).Order());
        using var restarted = NewWriter();
        foreach (var id in ids) Assert.NotNull(await new OutboxSender(Channel.Sms, restarted).FindSentAsync(Messages.For(id), CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_touch_is_not_found()
    {
        using var writer = NewWriter();
        var sender = new OutboxSender(Channel.Sms, writer);
        await sender.SendAsync(Messages.For("T1"), CancellationToken.None);

        Assert.Null(await sender.FindSentAsync(Messages.For("T2"), CancellationToken.None));
        Assert.Null(await sender.FindSentAsync(Messages.For("t1"), CancellationToken.None));
    }

    [Fact]
    public async Task A_torn_last_line_is_skipped_and_the_next_append_starts_on_a_fresh_line()
    {
        using (var before = NewWriter())
            await new OutboxSender(Channel.Sms, before).SendAsync(Messages.For("T1"), CancellationToken.None);
        // Killed mid-write: the touch id made it to disk, the rest of the line did not.
        await File.AppendAllTextAsync(OutboxPath, """{"id":"outbox-T2","sent_at":"2026-11-25T03:00:00+00:00","channel":"sms","touch_id":"T2","campaign_id":"renew""");

        using var after = NewWriter();
        var sender = new OutboxSender(Channel.Sms, after);
        Assert.Null(await sender.FindSentAsync(Messages.For("T2"), CancellationToken.None));
        await sender.SendAsync(Messages.For("T3"), CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(OutboxPath);
        Assert.Equal(3, lines.Length);
        Assert.Equal("T1", TouchIdOf(lines[0]));
        Assert.StartsWith("""{"id":"outbox-T2",""", lines[1]);
        Assert.Equal("T3", TouchIdOf(lines[2]));
        Assert.Equal(new DeliveryResult.Sent("outbox-T3"), await sender.FindSentAsync(Messages.For("T3"), CancellationToken.None));
    }

    [Fact]
    public async Task A_file_that_ends_on_a_whole_line_gets_no_blank_line()
    {
        using (var before = NewWriter())
            await before.AppendAsync(Messages.For("T1"), CancellationToken.None);
        using (var after = NewWriter())
            await after.AppendAsync(Messages.For("T2"), CancellationToken.None);

        Assert.Equal(["T1", "T2"], (await File.ReadAllLinesAsync(OutboxPath)).Select(TouchIdOf));
    }

    [Fact]
    public async Task A_line_longer_than_the_read_buffer_is_found()
    {
        var longBody = new StringBuilder().Insert(0, "会员续费提醒，", 40_000).ToString(); // ≈ 840 KB of UTF-8
        using (var before = NewWriter())
        {
            await before.AppendAsync(Messages.For("T0"), CancellationToken.None);
            await before.AppendAsync(Messages.For("T1", body: longBody), CancellationToken.None);
            await before.AppendAsync(Messages.For("T2"), CancellationToken.None);
        }

        using var after = NewWriter();
        var sender = new OutboxSender(Channel.Email, after);

        Assert.NotNull(await sender.FindSentAsync(Messages.For("T0"), CancellationToken.None));
        Assert.NotNull(await sender.FindSentAsync(Messages.For("T1"), CancellationToken.None));
        Assert.NotNull(await sender.FindSentAsync(Messages.For("T2"), CancellationToken.None));
    }

    private static string? TouchIdOf(string line) => JsonDocument.Parse(line).RootElement.GetProperty("touch_id").GetString();

    public void Dispose() => _folder.Dispose();
}
