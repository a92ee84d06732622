// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace DataGuard.Auditing;

/// <summary>Validates what DataAnnotations cannot express in <see cref="AuditOptions"/>: enums, the checkpoint interval and the anomaly rules.</summary>
internal sealed class AuditOptionsRulesValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (!Enum.IsDefined(options.WriteMode))
        {
            builder.AddError("AuditOptions.WriteMode must be Buffered or Synchronous.");
        }

        if (!Enum.IsDefined(options.ChainMode))
        {
            builder.AddError("AuditOptions.ChainMode must be Keyed or Unkeyed.");
        }

        if (!Enum.IsDefined(options.RemoteAddress))
        {
            builder.AddError("AuditOptions.RemoteAddress must be Truncated, Full or None.");
        }

        if (options.CheckpointInterval is { } interval && interval <= TimeSpan.Zero)
        {
            builder.AddError("AuditOptions.CheckpointInterval must be positive (or null for no periodic checkpoint).");
        }

        if (options.LockTimeout < TimeSpan.FromSeconds(1) || options.LockTimeout > TimeSpan.FromMinutes(10))
        {
            builder.AddError("AuditOptions.LockTimeout must be between 1 second and 10 minutes.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.AnomalyRules.Count; i++)
        {
            var rule = options.AnomalyRules[i];
            var setting = $"AuditOptions.AnomalyRules[{i}]";
            if (rule is null)
            {
                builder.AddError($"{setting} must not be null.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                builder.AddError($"{setting}.Name must not be empty.");
            }
            else if (!names.Add(rule.Name))
            {
                builder.AddError($"{setting}.Name '{rule.Name}' is used by another rule: rule names must be unique.");
            }

            if (rule.MaxDistinctSubjects < 1)
            {
                builder.AddError($"{setting}.MaxDistinctSubjects must be at least 1.");
            }

            if (rule.Window <= TimeSpan.Zero)
            {
                builder.AddError($"{setting}.Window must be positive.");
            }

            if (rule.Actions is null || rule.Actions.Count == 0)
            {
                builder.AddError($"{setting}.Actions must name at least one action.");
            }
        }

        return builder.Build();
    }
}
