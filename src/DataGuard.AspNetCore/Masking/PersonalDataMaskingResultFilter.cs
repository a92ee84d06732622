// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc.Filters;

namespace DataGuard.AspNetCore.Masking;

/// <summary>
/// The global MVC filter registered by <c>AddJsonMasking()</c>: for actions in scope (global scope or
/// <see cref="MaskPersonalDataAttribute"/>), decides before any result, including short-circuited ones, is written.
/// </summary>
internal sealed class PersonalDataMaskingResultFilter(PersonalDataMaskingDecider decider) : IAsyncAlwaysRunResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (decider.IsInScope(context.HttpContext))
        {
            await decider.DecideAsync(context.HttpContext).ConfigureAwait(false);
        }

        await next().ConfigureAwait(false);
    }
}
