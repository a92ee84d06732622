// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using DataGuard.AspNetCore.Tests.Masking;
using Xunit;

namespace DataGuard.AspNetCore.Tests.Diagnostics;

/// <summary>Refusals as ProblemDetails: 403 names the permission, 400 the property and the reason code, never the value.</summary>
public sealed class DataGuardRefusalProblemTests
{
    [Fact]
    public async Task AccessDenied_Answers403WithThePermission()
    {
        await using var app = await MaskingTestApp.StartAsync();

        using var response = await app.SendAsync("/fail/denied");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = Json.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://dataguard.dev/problems/access-denied", problem.Str("type"));
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
        Assert.Equal(DataGuardPermissions.ExportPersonalData, problem.Str("permission"));
        Assert.False(string.IsNullOrEmpty(problem.Str("traceId")));
    }

    [Fact]
    public async Task Validation_Answers400WithPropertyAndReason_AndNoValue()
    {
        await using var app = await MaskingTestApp.StartAsync();

        using var response = await app.SendAsync("/fail/invalid");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var problem = Json.Parse(body);
        Assert.Equal("https://dataguard.dev/problems/invalid-value", problem.Str("type"));
        var error = Assert.Single(problem.GetProperty("errors").EnumerateObject());
        Assert.Equal("Contact.Phone", error.Name);
        Assert.Equal(["TooShort"], error.Value.EnumerateArray().Select(e => e.GetString()));
        // The trace id is random hex and may hold any two digits by chance: the value check reads the rest of the body.
        var withoutTraceId = Regex.Replace(body, "\"traceId\":\"[^\"]*\"", string.Empty, RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.Contains("traceId", body, StringComparison.Ordinal);
        Assert.DoesNotContain("98", withoutTraceId, StringComparison.Ordinal);
        Assert.DoesNotContain("too short", withoutTraceId, StringComparison.Ordinal);
    }
}
