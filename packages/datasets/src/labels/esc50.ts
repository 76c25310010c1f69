/** ESC-50 categories indexed by `target` (meta/esc50.csv; Piczak 2015). */
export const ESC50_CLASSES = [
  'dog', 'rooster', 'pig', 'cow', 'frog', 'cat', 'hen', 'insects', 'sheep', 'crow',
  'rain', 'sea_waves', 'crackling_fire', 'crickets', 'chirping_birds', 'water_drops', 'wind', 'pouring_water',
  'toilet_flush', 'thunderstorm',
  'crying_baby', 'sneezing', 'clapping', 'breathing', 'coughing', 'footsteps', 'laughing', 'brushing_teeth', 'snoring',
  'drinking_sipping',
  'door_wood_knock', 'mouse_click', 'keyboard_typing', 'door_wood_creaks', 'can_opening', 'washing_machine',
  'vacuum_cleaner', 'clock_alarm', 'clock_tick', 'glass_breaking',
  'helicopter', 'chainsaw', 'siren', 'car_horn', 'engine', 'train', 'church_bells', 'airplane', 'fireworks', 'hand_saw',
] as const;
