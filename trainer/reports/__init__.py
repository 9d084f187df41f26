"""Reports: a person's levels against their role profile, a team's heatmap, exports."""
