// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Logging;

/// <summary>
/// Options of <c>RedactPersonalDataInLogs()</c>: which redactor hides classified log parameters, the HMAC key, and the safety net
/// that masks phone numbers in every log entry.
/// </summary>
public sealed class LogRedactionOptions
{
    /// <summary>
    /// Gets or sets how parameters classified as phone numbers are redacted.
    /// </summary>
    /// <value>The default is <see cref="PhoneNumberLogRedaction.Hmac"/>.</value>
    public PhoneNumberLogRedaction PhoneNumberRedaction { get; set; } = PhoneNumberLogRedaction.Hmac;

    /// <summary>
    /// Gets or sets the HMAC key, in base 64, of at least 32 bytes (44 characters). Required when
    /// <see cref="PhoneNumberRedaction"/> is <see cref="PhoneNumberLogRedaction.Hmac"/>; start-up fails without it.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    /// <remarks>
    /// Keep the key secret (a secret store, not appsettings.json): whoever has it can hash every phone number and reverse the tokens.
    /// Use one key for every instance whose logs must correlate, and change <see cref="HmacKeyId"/> with the key.
    /// </remarks>
    public string? HmacKey { get; set; }

    /// <summary>
    /// Gets or sets the id of <see cref="HmacKey"/>, written before each token (<c>7:…</c>) so that tokens made with different keys are
    /// not compared by mistake.
    /// </summary>
    /// <value>The default is <see langword="null"/> (no id is written).</value>
    public int? HmacKeyId { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether <c>ILoggingBuilder.EnableRedaction()</c> is turned on, so that source-generated
    /// <c>[LoggerMessage]</c> parameters marked with a classification attribute are redacted by their class's redactor.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnableLoggerRedaction { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether every logger provider is wrapped by the safety net, which masks phone numbers (and
    /// e-mail addresses and card numbers) found in any message, structured value, exception and scope.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnableSafetyNet { get; set; } = true;
}
