;; init&paleft
  (@unc"$i)
