import { HomeView } from '@/components/home/home-view.tsx';

export default function HomePage() {
  return <HomeView />;
}
