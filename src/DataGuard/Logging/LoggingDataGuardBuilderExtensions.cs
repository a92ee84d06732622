// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DataGuard.Compliance;
using DataGuard.Logging;
using DataGuard.Redaction;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGuard;

/// <summary>
/// Keeps raw phone numbers and other personal data out of logs.
/// </summary>
public static class LoggingDataGuardBuilderExtensions
{
    /// <summary>
    /// Redacts personal data in logs: maps a redactor to each class of <see cref="TelephonyTaxonomy"/>, turns on
    /// <c>EnableRedaction()</c> for source-generated <c>[LoggerMessage]</c> parameters, and wraps every logger provider in a safety net
    /// that masks phone numbers (and e-mail addresses and card numbers) found in any message, structured value, exception and scope.
    /// </summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <param name="configure">Configures the options. <see cref="LogRedactionOptions.PhoneNumberRedaction"/>, whether
    /// <see cref="LogRedactionOptions.HmacKey"/> is set, <see cref="LogRedactionOptions.EnableLoggerRedaction"/> and
    /// <see cref="LogRedactionOptions.EnableSafetyNet"/> are read from this delegate alone, when the method runs, to choose the redactors
    /// and what to register: values bound later (<c>services.Configure&lt;LogRedactionOptions&gt;(section)</c>) do not change that choice.
    /// The key itself, its id, and the check of the key are read from the final options.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// <para>Also adds phone numbers (<c>AddPhoneNumbers()</c>) and the text redactor (<see cref="ITextRedactor"/>) when they are not there yet.</para>
    /// <para>The redactors by class:</para>
    /// <list type="bullet">
    /// <item><description><see cref="TelephonyTaxonomy.PhoneNumber"/>: Microsoft's keyed <c>HmacRedactor</c> (the default), or
    /// <see cref="PhoneNumberMaskingRedactor"/> with <see cref="PhoneNumberLogRedaction.Mask"/>.</description></item>
    /// <item><description><see cref="TelephonyTaxonomy.EmailAddress"/> and <see cref="TelephonyTaxonomy.DeviceId"/>: the HMAC redactor
    /// when a key is set (correlatable), otherwise erased.</description></item>
    /// <item><description><see cref="TelephonyTaxonomy.PersonalName"/>, <see cref="TelephonyTaxonomy.Location"/>,
    /// <see cref="TelephonyTaxonomy.PaymentData"/>, <see cref="TelephonyTaxonomy.SmsContent"/> and
    /// <see cref="TelephonyTaxonomy.CallContent"/>: erased. Message and call content is confidential as a whole, not only the numbers a
    /// text redactor can find in it, and names, places and card data are never needed to read a log.</description></item>
    /// </list>
    /// <para>
    /// Microsoft's <c>LoggerRedactionOptions.ApplyDiscriminator</c> is on by default: the HMAC covers <c>value:ParameterName</c>, so the
    /// same number gives the same token under the same parameter name only (<c>{Caller}</c> and <c>{Callee}</c> tokens differ). Set it to
    /// <see langword="false"/> (<c>services.Configure&lt;LoggerRedactionOptions&gt;(o =&gt; o.ApplyDiscriminator = false)</c>) to correlate a
    /// number across parameter names. The masking redactor gives the same output either way. Without <c>EnableRedaction()</c>
    /// (<see cref="LogRedactionOptions.EnableLoggerRedaction"/> off), Microsoft's generated code leaves classified parameters out of the
    /// entry altogether.
    /// </para>
    /// <para>
    /// The safety net is an explicit <c>IEnumerable&lt;ILoggerProvider&gt;</c> registration that Microsoft's container resolves in place of
    /// its own collection, so it covers providers registered before and after this call, with <c>LoggerFactory</c> or with
    /// <c>ExtendedLoggerFactory</c>. Provider-specific filter rules keep applying. It needs Microsoft's dependency injection container
    /// and logger factory: a hosted service checks at start-up that the logger factory reads DataGuard's collection, and fails start-up
    /// with an <see cref="InvalidOperationException"/> otherwise (the factory replaced, as by Serilog's <c>UseSerilog()</c>; an
    /// <c>IEnumerable&lt;ILoggerProvider&gt;</c> registered by someone else first; another container). Set
    /// <see cref="LogRedactionOptions.EnableSafetyNet"/> to <see langword="false"/> to turn the safety net and the check off.
    /// </para>
    /// <para>
    /// The safety net finds phone numbers with <see cref="ITextRedactor"/>: without <c>PhoneNumberOptions.DefaultRegion</c> it finds only
    /// numbers written with <c>+</c> or <c>00</c> and a country code, and a national number (<c>9876543210</c>) is logged as it is. Set
    /// the region (<c>AddPhoneNumbers(o =&gt; o.DefaultRegion = "IN")</c>); start-up logs a warning (event 1300) when it is not set.
    /// </para>
    /// <para>
    /// Values that are not text, numbers or other known-safe types (a record, a class, a dictionary) reach providers as their redacted
    /// <c>ToString()</c> text, not as objects: structured destructuring (<c>{@Caller}</c>) of arbitrary objects is replaced by that text.
    /// An exception with personal data in its text or in <c>Exception.Data</c> (its own or an inner exception's) is replaced by a
    /// <see cref="RedactedException"/> carrying its redacted text and its own <c>Data</c> redacted.
    /// </para>
    /// </remarks>
    public static IDataGuardBuilder RedactPersonalDataInLogs(this IDataGuardBuilder builder, Action<LogRedactionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddPhoneNumbers();
        services.TryAddSingleton<ITextRedactor, TextRedactor>();

        var declared = new LogRedactionOptions();
        configure?.Invoke(declared);
        var optionsBuilder = services.AddOptions<LogRedactionOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LogRedactionOptions>, LogRedactionOptionsValidator>());

        var hmac = new List<DataClassification>();
        var erased = new List<DataClassification>
        {
            TelephonyTaxonomy.PersonalName, TelephonyTaxonomy.Location, TelephonyTaxonomy.PaymentData,
            TelephonyTaxonomy.SmsContent, TelephonyTaxonomy.CallContent,
        };
        var keyed = declared.HmacKey is not null || declared.PhoneNumberRedaction == PhoneNumberLogRedaction.Hmac;
        (keyed ? hmac : erased).Add(TelephonyTaxonomy.EmailAddress);
        (keyed ? hmac : erased).Add(TelephonyTaxonomy.DeviceId);
        var mask = declared.PhoneNumberRedaction == PhoneNumberLogRedaction.Mask;
        if (!mask)
        {
            hmac.Add(TelephonyTaxonomy.PhoneNumber);
        }

        services.AddRedaction(redaction =>
        {
            redaction.SetRedactor<ErasingRedactor>(Sets(erased));
            if (mask)
            {
                redaction.SetRedactor<PhoneNumberMaskingRedactor>(new DataClassificationSet(TelephonyTaxonomy.PhoneNumber));
            }

            if (hmac.Count > 0)
            {
                redaction.SetHmacRedactor(static _ => { }, Sets(hmac));
            }
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HmacRedactorOptions>, HmacKeyConfiguration>());

        if (declared.EnableLoggerRedaction)
        {
            services.AddLogging(logging => logging.EnableRedaction());
        }

        if (declared.EnableSafetyNet)
        {
            services.TryAddSingleton<IEnumerable<ILoggerProvider>>(sp => new RedactingLoggerProviders(services, sp));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LogSafetyNetCheck>());
            services.PostConfigure<LoggerFilterOptions>(static options =>
            {
                // The factory sees the wrappers' types; each wrapper applies the rules of the provider it wraps.
                options.Rules.Add(new LoggerFilterRule(typeof(RedactingLoggerProvider).FullName, null, LogLevel.Trace, null));
                options.Rules.Add(new LoggerFilterRule(typeof(RedactingExternalScopeLoggerProvider).FullName, null, LogLevel.Trace, null));
            });
        }

        return builder;
    }

    // One set per class: the redactor provider looks classes up by the exact set a value carries.
    private static DataClassificationSet[] Sets(List<DataClassification> classes) => classes.ConvertAll(c => new DataClassificationSet(c)).ToArray();
}
