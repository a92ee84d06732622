// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;
using static DataGuard.AspNetCore.Tests.Masking.MinimalApiMaskingTests;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using MvcJsonOptions = Microsoft.AspNetCore.Mvc.JsonOptions;

namespace DataGuard.AspNetCore.Tests.Masking;

/// <summary>The configured serializer options used outside any request (a background job, a log line) always mask.</summary>
public sealed class OutsideRequestMaskingTests
{
    [Fact]
    public async Task HttpJsonOptions_OutsideARequest_Mask()
    {
        await using var app = await MaskingTestApp.StartAsync();
        var options = app.Services.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;

        AssertMasked(Json.Parse(JsonSerializer.Serialize(new ContactDto(), options)));
    }

    [Fact]
    public async Task MvcJsonOptions_OutsideARequest_Mask()
    {
        await using var app = await MaskingTestApp.StartAsync();
        var options = app.Services.GetRequiredService<IOptions<MvcJsonOptions>>().Value.JsonSerializerOptions;

        AssertMasked(Json.Parse(JsonSerializer.Serialize(new CustomerDto(), options)).GetProperty("Primary".ToLowerInvariant()));
    }

    [Fact]
    public async Task SameOptions_InsideAndOutsideRequests_DecideEachTime()
    {
        await using var app = await MaskingTestApp.StartAsync();
        var options = app.Services.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;

        AssertRaw(Json.Parse(await app.GetAsync("/masked/contact", user: "sue", roles: "Supervisor", purpose: "support")));
        AssertMasked(Json.Parse(JsonSerializer.Serialize(new ContactDto(), options)));
        AssertRaw(Json.Parse(await app.GetAsync("/masked/contact", user: "sue", roles: "Supervisor", purpose: "support")));
    }

    [Fact]
    public async Task ApplicationResolverSetBeforehand_IsWrapped()
    {
        await using var app = await MaskingTestApp.StartAsync(services: s => s.ConfigureHttpJsonOptions(
            o => o.SerializerOptions.TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()));
        var options = app.Services.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;

        AssertMasked(Json.Parse(JsonSerializer.Serialize(new ContactDto(), options)));
        AssertMasked(Json.Parse(await app.GetAsync("/masked/contact", user: "bob")));
    }

    [Fact]
    public async Task AddJsonMaskingTwice_MasksOnce()
    {
        await using var app = await MaskingTestApp.StartAsync(services: s => s.AddDataGuard(dg => dg.AddJsonMasking().AddJsonMasking()));
        var options = app.Services.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;

        Assert.Equal("+91 98\u2022\u2022\u2022 \u2022\u2022210", Json.Parse(JsonSerializer.Serialize(new CallLogEntity(), options)).Str("callerNumber"));
        MinimalApiMaskingTests.AssertMasked(Json.Parse(await app.GetAsync("/masked/contact")));
    }

    [Fact]
    public async Task PhoneMaskingPolicy_IsPassedToTheMasker()
    {
        await using var app = await MaskingTestApp.StartAsync(o => o.PhoneMaskingPolicy = PhoneMaskingPolicy.Strict);
        var expected = app.Services.GetRequiredService<IPhoneNumberMasker>().Mask(Values.Phone, PhoneMaskingPolicy.Strict);

        Assert.NotEqual(app.Services.GetRequiredService<IPhoneNumberMasker>().Mask(Values.Phone), expected);
        Assert.Equal(expected, Json.Parse(await app.GetAsync("/masked/entity")).Str("callerNumber"));
    }

    [Fact]
    public async Task UsePersonalDataMasking_WithoutAddJsonMasking_Throws()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
        await using var app = builder.Build();

        var error = Assert.Throws<System.InvalidOperationException>(() => Microsoft.AspNetCore.Builder.PersonalDataMaskingApplicationBuilderExtensions.UsePersonalDataMasking(app));
        Assert.Contains("AddJsonMasking", error.Message, System.StringComparison.Ordinal);
    }
}
