// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.AspNetCore.Masking;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds DataGuard's masking decision to the request pipeline.</summary>
public static class PersonalDataMaskingApplicationBuilderExtensions
{
    /// <summary>
    /// Decides for every request in masking scope whether personal data is shown raw, so that under
    /// <see cref="MaskingScope.Global"/> minimal API endpoints without <c>.MaskPersonalData()</c> can be unmasked too. Place it after
    /// <c>UseAuthentication()</c> (and routing). Not needed for controllers or for endpoints marked <c>.MaskPersonalData()</c>.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The value of <paramref name="app"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddJsonMasking()</c> was not called.</exception>
    public static IApplicationBuilder UsePersonalDataMasking(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService<PersonalDataMaskingDecider>() is null)
        {
            throw new InvalidOperationException("UsePersonalDataMasking() requires services.AddDataGuard(dg => dg.AddJsonMasking()).");
        }

        return app.UseMiddleware<PersonalDataMaskingMiddleware>();
    }
}
