// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.Extensions.Configuration;

namespace DataGuard.Retention;

/// <summary>Binds <see cref="RetentionOptions"/> from configuration. STUB: helper B implements.</summary>
internal static class RetentionConfiguration
{
    public static void Bind(IConfigurationSection section, RetentionOptions options) => section.Bind(options);
}
