// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DataGuard.AspNetCore.Masking;

/// <summary>
/// A <see cref="JsonTypeInfo"/> modifier: string properties marked <see cref="PhoneNumberAttribute"/> or <see cref="MaskedAttribute"/>
/// (also inherited, also on overrides) get a getter that masks unless the current request's decision says unmasked. The type
/// information is cached by the serializer; the decision is read at write time, so it is per request.
/// </summary>
/// <remarks>
/// Fail closed: outside a request, or in a request in scope whose decision is missing, values are masked. Marked properties of
/// other types than string are left out of the output unless unmasked. Anonymous types cannot carry attributes and are not masked.
/// </remarks>
internal sealed class PersonalDataJsonModifier(
    IHttpContextAccessor httpContextAccessor,
    IOptionsMonitor<PersonalDataMaskingOptions> options,
    PersonalValueMasker masker)
{
    public void Modify(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            if (RuleOf(property.AttributeProvider) is not { } rule)
            {
                continue;
            }

            if (property.PropertyType == typeof(string) && property.Get is { } get)
            {
                property.Get = owner => Filter((string?)get(owner), rule);
            }
            else
            {
                var shouldSerialize = property.ShouldSerialize;
                property.ShouldSerialize = (owner, value) => (shouldSerialize is null || shouldSerialize(owner, value)) && ShowRaw(value is not null);
            }
        }
    }

    internal static MaskingRule? RuleOf(ICustomAttributeProvider? provider)
    {
        if (provider is not MemberInfo member)
        {
            return null;
        }

        // Attribute.GetCustomAttribute walks overridden properties; MemberInfo.GetCustomAttributes(inherit: true) does not.
        if (Attribute.GetCustomAttribute(member, typeof(MaskedAttribute), inherit: true) is MaskedAttribute masked)
        {
            return masked.Rule;
        }

        return Attribute.IsDefined(member, typeof(PhoneNumberAttribute), inherit: true) ? MaskingRule.PhoneNumber : null;
    }

    private string? Filter(string? value, MaskingRule rule)
        => ShowRaw(value is not null) ? value : masker.Mask(value, rule, options.CurrentValue.PhoneMaskingPolicy);

    private bool ShowRaw(bool count)
    {
        var context = httpContextAccessor.HttpContext;
        if (context is null)
        {
            return false;
        }

        if (context.Features.Get<PersonalDataMaskingFeature>() is { } decision)
        {
            if (decision.Unmasked && count)
            {
                decision.CountUnmasked();
            }

            return decision.Unmasked;
        }

        return !PersonalDataMaskingDecider.IsInScope(context, options.CurrentValue);
    }
}
