// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using DataGuard.AspNetCore.Tests.Masking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Xunit;

namespace DataGuard.AspNetCore.Tests.Auditing;

/// <summary>Guarantee: the middleware never buffers response bodies — a streamed response reaches the client while the endpoint still runs.</summary>
public sealed class AuditStreamingTests
{
    [Fact]
    public async Task StreamingResponse_FirstPartArrivesBeforeEndpointFinishes_AndBodyIsIntact()
    {
        var audit = new RecordingAuditSink();
        var firstPartRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = AuditTestApp.Build(audit);
        app.UseAuthentication();
        app.UseDataGuardAudit();
        app.UseAuthorization();
        app.MapPost("/stream/{id}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            await context.Response.WriteAsync("part1:" + body + ";", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);

            // Only a response that was not buffered lets the client read part 1 now.
            await firstPartRead.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await context.Response.WriteAsync("part2", context.RequestAborted);
        }).AuditPersonalData();
        await app.StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/stream/1", UriKind.Relative)) { Content = new StringContent("request-body") };
        using var response = await app.GetTestClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var expectedFirst = "part1:request-body;";
        var buffer = new byte[expectedFirst.Length];
        await stream.ReadExactlyAsync(buffer);
        Assert.Equal(expectedFirst, Encoding.UTF8.GetString(buffer));
        Assert.Empty(audit.Events);
        firstPartRead.SetResult();

        using var rest = new StreamReader(stream);
        Assert.Equal("part2", await rest.ReadToEndAsync());
        Assert.Equal("POST /stream/{id}", Assert.Single(audit.Events).Resource);
    }
}
