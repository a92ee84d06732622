// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.AspNetCore.Masking;
using Microsoft.AspNetCore.Http;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Opts endpoints in to DataGuard's JSON masking and states their purpose.</summary>
public static class PersonalDataMaskingEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Masks personal data in the endpoints' JSON output unless the request's user may see it (decided per request by a filter
    /// that runs before the result is written). Works on a single endpoint or a route group. Requires <c>AddJsonMasking()</c>.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint convention builder.</typeparam>
    /// <param name="builder">The endpoint, group or controller convention builder.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static TBuilder MaskPersonalData<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithMetadata(new MaskPersonalDataAttribute());
        builder.AddEndpointFilter<TBuilder, PersonalDataMaskingEndpointFilter>();
        return builder;
    }

    /// <summary>
    /// States why the endpoints show personal data (for example <c>billing-dispute</c>): users holding
    /// <see cref="DataGuard.DataGuardPermissions.ViewPersonalData"/> then see raw values without sending the purpose header. The
    /// purpose is written to the audit event and checked against <see cref="PersonalDataMaskingOptions.AllowedPurposes"/>.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint convention builder.</typeparam>
    /// <param name="builder">The endpoint, group or controller convention builder.</param>
    /// <param name="purpose">The purpose.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="purpose"/> is <see langword="null"/>, empty or white space.</exception>
    public static TBuilder WithPersonalDataPurpose<TBuilder>(this TBuilder builder, string purpose)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithMetadata(new PersonalDataPurposeAttribute(purpose));
        return builder;
    }
}
