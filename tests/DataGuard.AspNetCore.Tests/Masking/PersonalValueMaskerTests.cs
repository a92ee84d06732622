// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.AspNetCore.Masking;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.AspNetCore.Tests.Masking;

public sealed class PersonalValueMaskerTests
{
    private static readonly PersonalValueMasker WithoutPhoneMasker = new(phoneNumbers: null);

    [Theory]
    [InlineData(MaskingRule.EmailAddress, "alice@example.com", "a\u2022\u2022\u2022@example.com")]
    [InlineData(MaskingRule.EmailAddress, "a@b", "a\u2022\u2022\u2022@b")]
    [InlineData(MaskingRule.EmailAddress, "not-an-email", "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022")]
    [InlineData(MaskingRule.EmailAddress, "@example.com", "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022")]
    [InlineData(MaskingRule.EmailAddress, "alice@", "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022")]
    [InlineData(MaskingRule.Full, "x", "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022")]
    [InlineData(MaskingRule.Full, "a much longer secret value", "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022")]
    [InlineData(MaskingRule.KeepLastFour, "4111111111111111", "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u20221111")]
    [InlineData(MaskingRule.KeepLastFour, "12345", "\u20222345")]
    [InlineData(MaskingRule.KeepLastFour, "1234", "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022")]
    [InlineData(MaskingRule.PhoneNumber, "+919876543210", "+\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022210")]
    [InlineData(MaskingRule.PhoneNumber, "+91 98765-43210", "+\u2022\u2022 \u2022\u2022\u2022\u2022\u2022-\u2022\u2022210")]
    [InlineData(MaskingRule.PhoneNumber, "123", "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022")]
    [InlineData(MaskingRule.PhoneNumber, "call me", "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022")]
    [InlineData((MaskingRule)42, "anything", "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022")]
    public void Mask_AppliesTheRule(MaskingRule rule, string value, string expected)
        => Assert.Equal(expected, WithoutPhoneMasker.Mask(value, rule, policy: null));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Mask_NullOrEmpty_IsKept(string? value)
    {
        foreach (var rule in new[] { MaskingRule.PhoneNumber, MaskingRule.EmailAddress, MaskingRule.Full, MaskingRule.KeepLastFour })
        {
            Assert.Equal(value, WithoutPhoneMasker.Mask(value, rule, policy: null));
        }
    }

    [Fact]
    public void Mask_FreeText_MasksNumbersEmailsAndCardsAndKeepsTheWords()
    {
        using var services = new ServiceCollection().AddDataGuard(dg => dg.AddPhoneNumbers(p => p.DefaultRegion = "IN")).BuildServiceProvider();
        var masker = new PersonalValueMasker(services.GetRequiredService<IPhoneNumberMasker>(), services.GetRequiredService<ITextRedactor>());

        var masked = masker.Mask("Call 98765 43210 or mail ravi@example.in; card 4111 1111 1111 1111.", MaskingRule.FreeText, policy: null);

        Assert.Equal("Call +91 98\u2022\u2022\u2022 \u2022\u2022210 or mail r\u2022\u2022\u2022@example.in; card \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 1111.", masked);
        Assert.Equal("No personal data here.", masker.Mask("No personal data here.", MaskingRule.FreeText, policy: null));
    }

    [Fact]
    public void Mask_FreeTextWithoutRedactor_HidesEverything()
        => Assert.Equal(PersonalValueMasker.FullMask, WithoutPhoneMasker.Mask("Call 98765 43210.", MaskingRule.FreeText, policy: null));

    [Fact]
    public void Mask_PhoneNumber_UsesTheRegisteredMaskerAndPolicy()
    {
        var masker = new PersonalValueMasker(new RecordingPhoneMasker());

        Assert.Equal("masked:+919876543210:Strict", masker.Mask("+919876543210", MaskingRule.PhoneNumber, PhoneMaskingPolicy.Strict));
    }

    [Fact]
    public void Mask_PhoneMaskerReturningNull_FallsBackToFullMask()
        => Assert.Equal(PersonalValueMasker.FullMask, new PersonalValueMasker(new NullPhoneMasker()).Mask("+919876543210", MaskingRule.PhoneNumber, null));

    private sealed class RecordingPhoneMasker : IPhoneNumberMasker
    {
        public string? Mask(string? value, PhoneMaskingPolicy? policy = null)
            => $"masked:{value}:{(ReferenceEquals(policy, PhoneMaskingPolicy.Strict) ? "Strict" : "Default")}";
    }

    private sealed class NullPhoneMasker : IPhoneNumberMasker
    {
        public string? Mask(string? value, PhoneMaskingPolicy? policy = null) => null;
    }
}
