// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using DataGuard.Encryption;
using DataGuard.PhoneNumbers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DataGuard;

/// <summary>
/// Turns on phone-number normalisation (E.164), masking and the <c>phone</c> blind-index normaliser.
/// </summary>
public static class PhoneNumberDataGuardBuilderExtensions
{
    /// <summary>
    /// Adds phone-number support with default options: no default region (national numbers need an explicit or tenant region),
    /// valid numbers only, masking as <c>+91 98••• ••210</c>. Registers <see cref="IPhoneNumberNormalizer"/>,
    /// <see cref="IPhoneNumberMasker"/> and the <c>phone</c> <see cref="IBlindIndexNormalizer"/>; calling it again has no effect.
    /// </summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IDataGuardBuilder AddPhoneNumbers(this IDataGuardBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.TryAddSingleton<IPhoneNumberNormalizer, PhoneNumberNormalizer>();
        services.TryAddSingleton<IPhoneNumberMasker, PhoneNumberMasker>();
        services.TryAddSingleton<ITextRedactor, Redaction.TextRedactor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBlindIndexNormalizer, PhoneNumberBlindIndexNormalizer>());
        services.AddOptionsWithValidateOnStart<PhoneNumberOptions, PhoneNumberOptionsValidator>();
        return builder;
    }

    /// <summary>
    /// Adds phone-number support and configures its options.
    /// </summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <param name="configure">Configures the options (for example <c>o =&gt; o.DefaultRegion = "IN"</c>).</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IDataGuardBuilder AddPhoneNumbers(this IDataGuardBuilder builder, Action<PhoneNumberOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddPhoneNumbers();
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Adds phone-number support and binds its options to a configuration section (for example <c>DataGuard:PhoneNumbers</c>).
    /// </summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="section"/> is <see langword="null"/>.</exception>
    public static IDataGuardBuilder AddPhoneNumbers(this IDataGuardBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        builder.AddPhoneNumbers();
        builder.Services.AddOptions<PhoneNumberOptions>()
            .Bind(section)
            .Configure(o => o.MaskingPolicy = BindMaskingPolicy(section.GetSection(nameof(PhoneNumberOptions.MaskingPolicy)), o.MaskingPolicy));
        return builder;
    }

    /// <summary>
    /// Binds the masking policy, whose properties are init-only (the configuration binder leaves them alone): each value found in
    /// <paramref name="section"/> replaces the one of <paramref name="policy"/> in a copy, so the shared
    /// <see cref="PhoneMaskingPolicy.Default"/> is never changed.
    /// </summary>
    private static PhoneMaskingPolicy BindMaskingPolicy(IConfigurationSection section, PhoneMaskingPolicy? policy)
    {
        var result = policy ?? new PhoneMaskingPolicy();
        if (!section.Exists())
        {
            return result;
        }

        if (section[nameof(PhoneMaskingPolicy.KeepCountryCode)] is { } keepCountryCode)
        {
            result = result with { KeepCountryCode = Convert(section, nameof(PhoneMaskingPolicy.KeepCountryCode), keepCountryCode, bool.Parse) };
        }

        if (section[nameof(PhoneMaskingPolicy.KeepFirstDigits)] is { } keepFirstDigits)
        {
            result = result with { KeepFirstDigits = Convert(section, nameof(PhoneMaskingPolicy.KeepFirstDigits), keepFirstDigits, ParseInt32) };
        }

        if (section[nameof(PhoneMaskingPolicy.KeepLastDigits)] is { } keepLastDigits)
        {
            result = result with { KeepLastDigits = Convert(section, nameof(PhoneMaskingPolicy.KeepLastDigits), keepLastDigits, ParseInt32) };
        }

        if (section[nameof(PhoneMaskingPolicy.KeepNationalGrouping)] is { } keepNationalGrouping)
        {
            result = result with { KeepNationalGrouping = Convert(section, nameof(PhoneMaskingPolicy.KeepNationalGrouping), keepNationalGrouping, bool.Parse) };
        }

        if (section[nameof(PhoneMaskingPolicy.MaskCharacter)] is { } maskCharacter)
        {
            result = result with { MaskCharacter = Convert(section, nameof(PhoneMaskingPolicy.MaskCharacter), maskCharacter, char.Parse) };
        }

        return result;

        static int ParseInt32(string value) => int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }

    private static T Convert<T>(IConfigurationSection section, string key, string value, Func<string, T> parse)
    {
        try
        {
            return parse(value);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"Failed to convert configuration value at '{section.Path}:{key}' to type '{typeof(T)}'.", e);
        }
        catch (OverflowException e)
        {
            throw new InvalidOperationException($"Failed to convert configuration value at '{section.Path}:{key}' to type '{typeof(T)}'.", e);
        }
    }
}
