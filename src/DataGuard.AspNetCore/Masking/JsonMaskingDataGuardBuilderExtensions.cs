// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.AspNetCore.Masking;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using MvcJsonOptions = Microsoft.AspNetCore.Mvc.JsonOptions;

namespace DataGuard;

/// <summary>Masks personal data in JSON responses.</summary>
public static class JsonMaskingDataGuardBuilderExtensions
{
    /// <summary>
    /// Masks, in the JSON output of minimal APIs and controllers (System.Text.Json), string properties marked
    /// <see cref="PhoneNumberAttribute"/> (as phone numbers, through the registered <see cref="IPhoneNumberMasker"/>) or
    /// <see cref="MaskedAttribute"/> (by its rule), on entities and DTOs alike, unless the request's user holds
    /// <see cref="DataGuardPermissions.ViewPersonalData"/> and, by default, states a purpose. Decided once per request, before the
    /// response is written; each unmasked response is audited once through <see cref="IAuditSink"/>. Also calls
    /// <see cref="AuthorizationDataGuardBuilderExtensions.AddAuthorizationPolicies"/>.
    /// </summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <param name="configure">Configures masking, for example <c>o =&gt; o.Scope = MaskingScope.Global</c>; optional.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// <para>
    /// Scope: with <see cref="MaskingScope.Endpoint"/> (the default) only endpoints marked with <c>.MaskPersonalData()</c> or
    /// <see cref="MaskPersonalDataAttribute"/> mask, others write raw values. With <see cref="MaskingScope.Global"/> every response
    /// masks; minimal API endpoints can then be unmasked only with <c>.MaskPersonalData()</c> (on the endpoint or a group) or
    /// <c>app.UsePersonalDataMasking()</c> after authentication. JSON serialised outside a request with these options is masked.
    /// </para>
    /// <para>
    /// Not covered: anonymous types (they cannot carry attributes), values inside dictionaries or free text, other serializers
    /// (Newtonsoft.Json). Marked properties that are not strings are left out of masked output.
    /// </para>
    /// </remarks>
    public static IDataGuardBuilder AddJsonMasking(this IDataGuardBuilder builder, Action<PersonalDataMaskingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAuthorizationPolicies();
        var services = builder.Services;
        var options = services.AddOptions<PersonalDataMaskingOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PersonalDataMaskingOptions>, PersonalDataMaskingOptionsValidator>());
        services.TryAddSingleton(sp => new PersonalValueMasker(sp.GetService<IPhoneNumberMasker>(), sp.GetService<ITextRedactor>()));
        services.TryAddSingleton<PersonalDataJsonModifier>();
        services.TryAddSingleton<PersonalDataMaskingDecider>();
        services.TryAddSingleton<PersonalDataMaskingResultFilter>();
        services.TryAddSingleton<ConfigureJsonMasking>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<HttpJsonOptions>, ConfigureJsonMasking>(sp => sp.GetRequiredService<ConfigureJsonMasking>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<MvcJsonOptions>, ConfigureJsonMasking>(sp => sp.GetRequiredService<ConfigureJsonMasking>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<MvcOptions>, ConfigureMvcMasking>());
        return builder;
    }

    /// <summary>
    /// Masks personal data in JSON responses as <see cref="AddJsonMasking(IDataGuardBuilder, Action{PersonalDataMaskingOptions}?)"/>
    /// does, with options bound from configuration (for example the section <c>DataGuard:JsonMasking</c> with <c>Scope</c>,
    /// <c>RequirePurpose</c>, <c>PurposeHeaderName</c>, <c>AllowedPurposes</c>, <c>MaxPurposeLength</c>, <c>AuditDeniedAttempts</c>).
    /// </summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <param name="configuration">The configuration section.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    public static IDataGuardBuilder AddJsonMasking(this IDataGuardBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.AddJsonMasking();
        builder.Services.Configure<PersonalDataMaskingOptions>(configuration);
        return builder;
    }
}
