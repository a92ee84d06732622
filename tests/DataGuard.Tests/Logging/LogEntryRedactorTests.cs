// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DataGuard.Logging;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.Tests.Logging;

public sealed class LogEntryRedactorTests
{
    private static readonly Func<IReadOnlyList<KeyValuePair<string, object?>>, Exception?, string> Format = static (s, _) => s.ToString()!;

    [Fact]
    public void State_NothingToRedact_PassedOnAsIs()
    {
        var state = new RedactedLogState("Call 42 at 10:00 for sales", [new("Queue", "sales"), new("Id", 42), new("When", DateTimeOffset.MinValue), new("Ok", true), new("Ref", Guid.Empty)]);
        Assert.Null(Redactor().RedactState<IReadOnlyList<KeyValuePair<string, object?>>>(state, null, Format));
    }

    [Fact]
    public void State_NonListState_MessageRedacted()
    {
        var redacted = Redactor().RedactState("Dialling " + LogHarness.Phone, null, static (s, _) => s);
        Assert.Equal("Dialling " + LogHarness.MaskedPhone, redacted!.ToString());
        Assert.Empty(redacted);
        Assert.Null(Redactor().RedactState("Dialling nobody", null, static (s, _) => s));
    }

    [Theory]
    [InlineData(123456)]
    [InlineData(-999999)]
    public void Value_SmallInteger_PassedOnAsIs(int value)
    {
        object boxed = value;
        Assert.Same(boxed, Redactor().RedactValue(boxed));
    }

    [Fact]
    public void Value_PhoneAsInteger_Masked()
    {
        Assert.Equal(LogHarness.MaskedPhone, Redactor().RedactValue(919731142855L));
        Assert.Equal(LogHarness.MaskedPhone, Redactor().RedactValue(919731142855UL));
    }

    [Fact]
    public void Value_Sequence_JoinedAndMaskedOnlyWhenNeeded()
    {
        var clean = new[] { "a", "b" };
        Assert.Same(clean, Redactor().RedactValue(clean));
        Assert.Equal("a, " + LogHarness.MaskedPhone, Redactor().RedactValue(new[] { "a", LogHarness.Phone }));
    }

    [Fact]
    public void Value_OtherObject_FormattedAndMasked()
    {
        Assert.Equal("Number " + LogHarness.MaskedPhone, Redactor().RedactValue(new Uri("tel:" + LogHarness.Phone)) is string s ? "Number " + s.Replace("tel:", string.Empty, StringComparison.Ordinal) : null);
    }

    [Fact]
    public void Exception_Redacted_NotChainedToOriginal()
    {
        var redacted = Redactor().RedactException(new InvalidOperationException("Call " + LogHarness.Phone, new FormatException(LogHarness.Phone)));
        Assert.NotNull(redacted);
        Assert.Equal("Call " + LogHarness.MaskedPhone, redacted.Message);
        Assert.Null(redacted.InnerException);
        Assert.DoesNotContain(LogHarness.NationalDigits, redacted.ToString(), StringComparison.Ordinal);
        Assert.Equal("System.InvalidOperationException", redacted.OriginalTypeName);
        Assert.Null(Redactor().RedactException(redacted));
        Assert.Null(Redactor().RedactException(null));
    }

    [Fact]
    public void RedactedException_PublicConstructors()
    {
        Assert.Equal(typeof(Exception).FullName, new RedactedException().OriginalTypeName);
        Assert.Equal("m", new RedactedException("m").Message);
        var inner = new InvalidOperationException();
        Assert.Same(inner, new RedactedException("m", inner).InnerException);
        Assert.Contains("RedactedException: m", new RedactedException("m").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Scope_OtherObject_FormattedAndMasked()
    {
        Assert.Null(Redactor().RedactScope(new Uri("https://example.com/queue")));
        Assert.Null(Redactor().RedactScope(null));
        Assert.Equal("tel:" + LogHarness.MaskedPhone, Redactor().RedactScope(new Uri("tel:" + LogHarness.Phone)));
    }

    private static LogEntryRedactor Redactor()
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.RedactPersonalDataInLogs(o => o.PhoneNumberRedaction = PhoneNumberLogRedaction.Mask));
        return new LogEntryRedactor(services.BuildServiceProvider().GetRequiredService<ITextRedactor>());
    }
}
