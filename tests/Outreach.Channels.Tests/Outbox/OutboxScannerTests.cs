using Outreach.Channels.Outbox;
using Outreach.Channels.Tests.Support;

namespace Outreach.Channels.Tests.Outbox;

public sealed class OutboxScannerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Only_whole_lines_count()
    {
        var path = _folder.PathOf("outbox.jsonl");
        await File.WriteAllTextAsync(path,
            """{"id":"outbox-A","touch_id":"A","body":"{\"touch_id\":\"nested\"}"}""" + "\n" +
            "\n" +
            """{"id":"outbox-B","touch_id":"B","bo""" + "\n" +          // torn, then closed by a later start
            """{"id":"outbox-C","touch_id":"C"}""" + "\r\n" +
            "not json\n" +
            """{"id":"outbox-D","meta":{"touch_id":"inner"},"touch_id":"D"} trailing""" + "\n" +
            """{"id":"outbox-E","touch_id":"E"}""" + "\n" +
            """{"id":"outbox-F","touch_id":"F"}""");                      // torn at the very end: no newline yet

        var touchIds = new List<string>();
        await foreach (var touchId in OutboxScanner.ReadTouchIdsAsync(path)) touchIds.Add(touchId);

        Assert.Equal(["A", "C", "E"], touchIds);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("{\"touch_id\":\"A\"}\n", false)]
    [InlineData("{\"touch_id\":\"A\"}", true)]
    [InlineData("{\"touch_id\":\"A\"}\n{\"touch", true)]
    public async Task A_file_ends_mid_line_when_its_last_byte_is_not_a_newline(string content, bool midLine)
    {
        var path = _folder.PathOf("outbox.jsonl");
        await File.WriteAllTextAsync(path, content);

        Assert.Equal(midLine, OutboxScanner.EndsMidLine(path));
    }

    [Fact]
    public async Task A_missing_file_holds_no_touch()
    {
        var path = _folder.PathOf("none.jsonl");

        await foreach (var touchId in OutboxScanner.ReadTouchIdsAsync(path)) Assert.Fail($"read {touchId} from a missing file");
        Assert.False(OutboxScanner.EndsMidLine(path));
    }

    public void Dispose() => _folder.Dispose();
}
